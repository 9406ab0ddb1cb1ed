// Dialogs, confirmations and toasts. Destructive actions always go through confirm().
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "./ui";

export function Modal({
  title,
  onClose,
  children,
  footer,
  wide = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>("input, textarea, select, [data-autofocus], button:not(.modal-close)");
    first?.focus();
    return () => previous?.focus?.();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`modal${wide ? " modal-wide" : ""}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            onClose();
          }
        }}
      >
        <div className="modal-head">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-btn modal-close" aria-label="Close dialog" onClick={onClose}>
            <span aria-hidden="true">×</span>
          </button>
        </div>
        <div className="modal-body">{children}</div>
        {footer && <div className="modal-foot">{footer}</div>}
      </div>
    </div>
  );
}

interface ConfirmOptions {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** When set, the operator must type this text to enable the confirm button. */
  typeToConfirm?: string;
}

type ConfirmFn = (options: ConfirmOptions) => Promise<boolean>;
type ToastFn = (message: string, tone?: "success" | "error" | "info") => void;

const ConfirmContext = createContext<ConfirmFn>(() => Promise.resolve(false));
const ToastContext = createContext<ToastFn>(() => undefined);

export const useConfirm = () => useContext(ConfirmContext);
export const useToast = () => useContext(ToastContext);

interface Pending extends ConfirmOptions {
  resolve: (ok: boolean) => void;
}

export function OverlayProvider({ children }: { children: ReactNode }) {
  const [pending, setPending] = useState<Pending | null>(null);
  const [typed, setTyped] = useState("");
  const [toasts, setToasts] = useState<{ id: number; message: string; tone: string }[]>([]);

  const confirm = useCallback<ConfirmFn>(
    (options) =>
      new Promise<boolean>((resolve) => {
        setTyped("");
        setPending({ ...options, resolve });
      }),
    [],
  );

  const toast = useCallback<ToastFn>((message, tone = "success") => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list, { id, message, tone }]);
    window.setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), 4000);
  }, []);

  const close = (ok: boolean) => {
    pending?.resolve(ok);
    setPending(null);
  };

  const blocked = pending?.typeToConfirm !== undefined && typed !== pending.typeToConfirm;

  return (
    <ConfirmContext.Provider value={confirm}>
      <ToastContext.Provider value={toast}>
        {children}
        {pending && (
          <Modal
            title={pending.title}
            onClose={() => close(false)}
            footer={
              <>
                <Button onClick={() => close(false)}>Cancel</Button>
                <Button variant={pending.danger ? "danger" : "primary"} disabled={blocked} onClick={() => close(true)} data-autofocus>
                  {pending.confirmLabel}
                </Button>
              </>
            }
          >
            <div className="confirm-message">{pending.message}</div>
            {pending.typeToConfirm !== undefined && (
              <div className="field">
                <label htmlFor="confirm-text">
                  Type <strong>{pending.typeToConfirm}</strong> to confirm
                </label>
                <input id="confirm-text" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
              </div>
            )}
          </Modal>
        )}
        <div className="toasts" aria-live="polite">
          {toasts.map((t) => (
            <div key={t.id} className={`toast toast-${t.tone}`} role={t.tone === "error" ? "alert" : "status"}>
              {t.message}
            </div>
          ))}
        </div>
      </ToastContext.Provider>
    </ConfirmContext.Provider>
  );
}
