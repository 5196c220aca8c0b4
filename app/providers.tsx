"use client";

import type { ReactNode } from "react";
import { Toaster } from "@/components/toast";

export function Providers({ children }: { children: ReactNode }) {
  return (
    <>
      {children}
      <Toaster />
    </>
  );
}
