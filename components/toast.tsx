"use client";

import { useSyncExternalStore } from "react";

// Toasts: a few lines of state and markup instead of a library (first-load
// JavaScript stays small), announced through one polite live region. One at a
// time: a new toast replaces the last, so they never pile over the page.

type Kind = "success" | "error" | "info" | "warning";
interface Action {
  label: string;
  onClick: () => void;
}

interface Toast {
  id: number;
  kind: Kind;
  message: string;
  description?: string;
  action?: Action;
}

interface Options {
  description?: string;
  /** A button in the toast (Undo): the toast stays longer and closes when it is pressed. */
  action?: Action;
}

const DURATION_MS = 5_000;
let toasts: Toast[] = [];
let nextId = 1;
const listeners = new Set<() => void>();
const emit = () => {
  for (const l of listeners) l();
};

function dismiss(id: number) {
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

function show(kind: Kind, message: string, options: Options = {}) {
  const id = nextId++;
  toasts = [{ id, kind, message, description: options.description, action: options.action }];
  emit();
  setTimeout(() => dismiss(id), kind === "error" || options.action ? DURATION_MS * 2 : DURATION_MS);
}

export const toast = {
  success: (message: string, options?: Options) => show("success", message, options),
  error: (message: string, options?: Options) => show("error", message, options),
  info: (message: string, options?: Options) => show("info", message, options),
  warning: (message: string, options?: Options) => show("warning", message, options),
};

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};
const EMPTY: Toast[] = [];

const STYLE: Record<Kind, string> = {
  success:
    "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100",
  error: "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100",
  info: "border-sky-300 bg-sky-50 text-sky-900 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-100",
  warning: "border-amber-300 bg-amber-50 text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100",
};

export function Toaster() {
  const list = useSyncExternalStore(
    subscribe,
    () => toasts,
    () => EMPTY,
  );
  return (
    <section
      aria-label="Notifications"
      aria-live="polite"
      className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-80 max-w-[calc(100vw-2rem)] flex-col gap-2"
    >
      {list.map((t) => (
        <div
          key={t.id}
          data-toast={t.kind}
          className={`pointer-events-auto flex items-start gap-3 rounded-md border px-4 py-3 text-sm shadow-lg ${STYLE[t.kind]}`}
        >
          <div className="min-w-0 flex-1">
            <p>{t.message}</p>
            {t.description ? <p className="mt-1 break-all text-xs opacity-80">{t.description}</p> : null}
          </div>
          {t.action ? (
            <button
              type="button"
              onClick={() => {
                dismiss(t.id);
                t.action?.onClick();
              }}
              className="rounded border border-current px-2 py-0.5 text-xs font-semibold"
            >
              {t.action.label}
            </button>
          ) : null}
          <button
            type="button"
            onClick={() => dismiss(t.id)}
            aria-label="Dismiss notification"
            className="opacity-70 hover:opacity-100"
          >
            ×
          </button>
        </div>
      ))}
    </section>
  );
}
