// A de-identified case is made by the server from everything the nurse may see: online only.
import { useQuery } from '@tanstack/react-query';
import { api } from '../../net/api.js';

export interface CaseView {
  title: string;
  client: string;
  category: string;
  urgency: string;
  opened: string;
  closed: string | null;
  trend: { when: string; vitalsText: string; news2: { score: number; measured: number } | null; signs: string[]; note: string | null; cited: boolean }[];
  sbar: { label: string; text: string }[];
  messages: { when: string; who: string; text: string[] }[];
  feedback: string[];
  helped: boolean | null;
}

export function useCaseQuery(consultationId: string) {
  return useQuery({
    queryKey: ['case', consultationId],
    queryFn: () => api<CaseView>(`/api/consultations/${encodeURIComponent(consultationId)}/case`),
    retry: false,
  });
}
