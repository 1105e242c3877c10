"use client";
// The portal's typed tRPC hooks (TanStack Query integration): useTRPC() gives queryOptions/mutationOptions
// and query keys for every procedure of the server's AppRouter (a type-only import).
import { createTRPCContext } from "@trpc/tanstack-react-query";
import type { AppRouter } from "../server/trpc/app-router";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();
