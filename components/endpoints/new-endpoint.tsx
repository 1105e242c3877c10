"use client";
// Create an endpoint; its signing secret is shown here once (the create response is the only read that
// carries it) and is gone on the endpoint's page and after a reload.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "../trpc";
import { LinkButton } from "../ui/button";
import { PageHeader } from "../ui/card";
import { SecretOnce } from "../ui/copy-button";
import { EMPTY_FORM, fieldsOf } from "./endpoint-form-values";
import { EndpointForm } from "./endpoint-form";

export function NewEndpoint() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const create = useMutation(
    trpc.endpoints.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.endpoints.list.pathKey() }),
    }),
  );
  const back = <Link href="/endpoints" className="text-brand-700 hover:underline">← Endpoints</Link>;

  if (create.data) {
    const endpoint = create.data;
    return (
      <>
        <PageHeader title="Endpoint created" description={endpoint.url} back={back} />
        <div className="flex max-w-2xl flex-col gap-4">
          <SecretOnce label="Signing secret" value={endpoint.secret}>
            <p className="mt-3 text-xs text-amber-800">
              Verify each delivery&apos;s <code>webhook-signature</code> header with it (Standard Webhooks). You can rotate it later from the endpoint&apos;s page.
            </p>
          </SecretOnce>
          <div>
            <LinkButton href={`/endpoints/${endpoint.id}`}>Continue to endpoint</LinkButton>
          </div>
        </div>
      </>
    );
  }
  return (
    <>
      <PageHeader title="Add endpoint" description="A URL that receives your events, signed with its own secret." back={back} />
      <div className="max-w-3xl">
        <EndpointForm
          initial={EMPTY_FORM}
          mode="create"
          pending={create.isPending}
          serverError={create.error}
          cancelHref="/endpoints"
          onSubmit={(values) => create.mutate(fieldsOf(values))}
        />
      </div>
    </>
  );
}
