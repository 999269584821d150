import { api } from '@/lib/api';
import type { Board, Card, Column, Label, StaffMember } from '@/lib/types';

export const boardKeys = {
  list: ['boards'] as const,
  staff: ['staff'] as const,
};

export const fetchBoards = () => api.get<Board[]>('/api/boards');
export const createBoard = (input: { name: string; description?: string }) => api.post<Board>('/api/boards', input);
export const fetchStaff = () => api.get<StaffMember[]>('/api/staff');

export const createColumn = (boardId: number, input: { name: string; wip_limit: number | null }) =>
  api.post<Column>(`/api/boards/${boardId}/columns`, input);
export const updateColumn = (
  columnId: number,
  input: { name?: string; wip_limit?: number | null; expected_version?: number },
) => api.patch<Column>(`/api/columns/${columnId}`, input);
export const moveColumn = (columnId: number, index: number) => api.post<Column>(`/api/columns/${columnId}/move`, { index });
export const archiveColumn = (columnId: number) => api.post<Column>(`/api/columns/${columnId}/archive`);

export const archiveCard = (cardId: number) => api.post<Card>(`/api/cards/${cardId}/archive`);
export const deleteComment = (commentId: number) => api.delete<void>(`/api/comments/${commentId}`);
export const createLabel = (boardId: number, input: { name: string; color: string }) =>
  api.post<Label>(`/api/boards/${boardId}/labels`, input);
