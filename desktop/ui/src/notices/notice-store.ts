import { create } from "zustand";

export interface Notice {
  id: number;
  kind: "error" | "warning" | "info";
  text: string;
}

interface NoticeStore {
  notices: Notice[];
  show(kind: Notice["kind"], text: string): void;
  dismiss(id: number): void;
}

/** Non-blocking messages (printer trouble, unknown barcode): they never steal the scanner's focus. */
export const useNotices = create<NoticeStore>()((set, get) => {
  let next = 1;
  return {
    notices: [],
    show: (kind, text) => {
      const id = next++;
      set({ notices: [...get().notices.slice(-3), { id, kind, text }] });
      setTimeout(() => get().dismiss(id), kind === "error" ? 6000 : 4000);
    },
    dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  };
});
