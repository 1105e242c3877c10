"use client";
// API keys: create one (the full key is shown once, right here), see which exist and when they were
// last used, revoke one after confirming. A revoked key stays listed, marked revoked.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import type { RouterOutputs } from "../../server/trpc/app-router";
import { formatDateTime } from "../format";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { SecretOnce } from "../ui/copy-button";
import { Dialog } from "../ui/dialog";
import { errorMessage, fieldErrorsOf } from "../ui/errors";
import { TextField } from "../ui/field";
import { Pager, useCursorPager } from "../ui/pager";
import { EmptyState, ErrorState, LoadingState, Notice } from "../ui/states";
import { DataTable } from "../ui/table";
import { RelativeTime } from "../ui/time";
import { useTRPC } from "../trpc";

type ApiKey = RouterOutputs["apiKeys"]["list"]["data"][number];

export function ApiKeysView() {
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  return (
    <div className="grid gap-6">
      <CreateKeyForm onCreated={setCreated} />
      {created ? (
        <SecretOnce label={`API key “${created.name}”`} value={created.key}>
          <p className="mt-3 text-xs text-amber-800">
            Send it as <code className="font-mono">Authorization: Bearer &lt;key&gt;</code> to the REST API.
          </p>
          <div className="mt-3">
            <Button variant="secondary" size="sm" onClick={() => setCreated(null)}>
              I have stored it
            </Button>
          </div>
        </SecretOnce>
      ) : null}
      <KeyList />
    </div>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (created: { name: string; key: string }) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [empty, setEmpty] = useState(false);
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: (key) => {
        onCreated({ name: key.name, key: key.key });
        setName("");
        void queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.pathKey() });
      },
    }),
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setEmpty(name.trim() === "");
    if (name.trim() !== "") create.mutate({ name: name.trim() });
  }
  const nameError = empty ? "Give the key a name, e.g. where it is used" : fieldErrorsOf(create.error).name;
  return (
    <Card title="Create an API key">
      <form onSubmit={submit} noValidate className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1 basis-64">
          <TextField id="api-key-name" label="Name" hint="Where the key is used, e.g. “billing service (production)”." maxLength={100} value={name} onChange={(e) => setName(e.target.value)} error={nameError} />
        </div>
        <Button type="submit" pending={create.isPending} className="sm:mt-6">
          Create key
        </Button>
      </form>
      {create.isError && !nameError ? (
        <div className="mt-3">
          <Notice tone="error">{errorMessage(create.error)}</Notice>
        </div>
      ) : null}
    </Card>
  );
}

function KeyList() {
  const trpc = useTRPC();
  const pager = useCursorPager();
  const keys = useQuery(trpc.apiKeys.list.queryOptions({ limit: 20, cursor: pager.cursor }, { placeholderData: keepPreviousData }));
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  if (keys.isPending) return <LoadingState label="Loading API keys…" />;
  if (keys.isError) return <ErrorState error={keys.error} onRetry={() => void keys.refetch()} />;
  if (keys.data.data.length === 0 && pager.page === 1)
    return <EmptyState title="No API keys yet">Create one above to call the REST API from your own services.</EmptyState>;
  return (
    <Card title="Keys">
      <DataTable framed={false} columns={["Name", "Key", "Created", "Last used", "State", { label: "Actions", hidden: true }]}>
        {keys.data.data.map((key) => (
          <KeyRow key={key.id} apiKey={key} onRevoke={() => setRevoking(key)} />
        ))}
      </DataTable>
      <Pager pager={pager} nextCursor={keys.data.next_cursor} />
      <RevokeDialog apiKey={revoking} onClose={() => setRevoking(null)} />
    </Card>
  );
}

function KeyRow({ apiKey, onRevoke }: { apiKey: ApiKey; onRevoke: () => void }) {
  const revoked = apiKey.revoked_at !== null;
  return (
    <tr className={revoked ? "text-slate-500" : "text-slate-700"}>
      <td className="px-4 py-3 font-medium text-slate-900">{apiKey.name}</td>
      <td className="whitespace-nowrap px-4 py-3 font-mono text-xs">{apiKey.prefix}…</td>
      <td className="whitespace-nowrap px-4 py-3">{formatDateTime(apiKey.created_at)}</td>
      <td className="whitespace-nowrap px-4 py-3">{apiKey.last_used_at ? <RelativeTime iso={apiKey.last_used_at} /> : "Never"}</td>
      <td className="whitespace-nowrap px-4 py-3">
        {revoked ? (
          <span title={formatDateTime(apiKey.revoked_at)}>
            <Badge tone="red">revoked</Badge>
          </span>
        ) : (
          <Badge tone="green">active</Badge>
        )}
      </td>
      <td className="whitespace-nowrap px-4 py-3 text-right">
        {revoked ? null : (
          <Button variant="secondary" size="sm" onClick={onRevoke} aria-label={`Revoke ${apiKey.name}`}>
            Revoke
          </Button>
        )}
      </td>
    </tr>
  );
}

function RevokeDialog({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.pathKey() });
        onClose();
      },
    }),
  );
  function close() {
    revoke.reset(); // the next key's dialog starts without this one's error
    onClose();
  }
  return (
    <Dialog open={apiKey !== null} onClose={close} title={`Revoke “${apiKey?.name ?? ""}”?`}>
      <p className="text-sm text-slate-600">
        Requests with this key are refused from now on (within seconds on every server). Services still using it stop working; this cannot be undone.
      </p>
      {revoke.isError ? (
        <div className="mt-3">
          <Notice tone="error">{errorMessage(revoke.error)}</Notice>
        </div>
      ) : null}
      <div className="mt-5 flex justify-end gap-2">
        <Button variant="secondary" onClick={close}>
          Keep it
        </Button>
        <Button variant="danger" pending={revoke.isPending} onClick={() => apiKey && revoke.mutate({ id: apiKey.id })}>
          Revoke key
        </Button>
      </div>
    </Dialog>
  );
}
