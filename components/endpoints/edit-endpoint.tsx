"use client";
// Edit with PATCH semantics: only the fields that changed are sent.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "../trpc";
import { PageHeader } from "../ui/card";
import { Notice } from "../ui/states";
import { changesOf, type Endpoint, valuesOf } from "./endpoint-form-values";
import { EndpointForm } from "./endpoint-form";

export function EditEndpoint({ endpoint }: { endpoint: Endpoint }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [unchanged, setUnchanged] = useState(false);
  const detail = `/endpoints/${endpoint.id}`;
  const update = useMutation(
    trpc.endpoints.update.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.endpoints.pathKey() });
        router.push(detail);
      },
    }),
  );
  return (
    <>
      <PageHeader
        title="Edit endpoint"
        description={endpoint.url}
        back={<Link href={detail} className="text-brand-700 hover:underline">← Back to the endpoint</Link>}
      />
      <div className="flex max-w-3xl flex-col gap-4">
        {unchanged ? <Notice tone="info">Nothing changed yet: edit a field, or cancel.</Notice> : null}
        <EndpointForm
          initial={valuesOf(endpoint)}
          mode="edit"
          pending={update.isPending}
          serverError={update.error}
          cancelHref={detail}
          onSubmit={(values) => {
            const changes = changesOf(endpoint, values);
            setUnchanged(Object.keys(changes).length === 0);
            if (Object.keys(changes).length) update.mutate({ id: endpoint.id, ...changes });
          }}
        />
      </div>
    </>
  );
}
