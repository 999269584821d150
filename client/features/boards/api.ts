import { api, newMutationId } from '@/lib/api';
import type { Attachment, Board, BoardListItem, BoardRole, Card, CardHistoryEntry, ChecklistItem, Column, Label, StaffMember } from '@/lib/types';

export const boardKeys = {
  list: ['boards'] as const,
  staff: ['staff'] as const,
};

/** Active boards, or the archived ones. */
export const fetchBoards = (archived = false) => api.get<BoardListItem[]>(archived ? '/api/boards?archived=1' : '/api/boards');
export const updateBoard = (boardId: number, input: { name?: string; description?: string; archived?: boolean }) =>
  api.patch<Board>(`/api/boards/${boardId}`, input);
export const addMember = (boardId: number, userId: number, role: BoardRole) =>
  api.post<Board>(`/api/boards/${boardId}/members`, { user_id: userId, role });
export const setMemberRole = (boardId: number, userId: number, role: BoardRole) =>
  api.patch<Board>(`/api/boards/${boardId}/members/${userId}`, { role });
export const removeMember = (boardId: number, userId: number) => api.delete<Board>(`/api/boards/${boardId}/members/${userId}`);
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

export function uploadAttachment(cardId: number, file: File) {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.postForm<Attachment>(`/api/cards/${cardId}/attachments`, form);
}
export const deleteAttachment = (attachmentId: number) => api.delete<void>(`/api/attachments/${attachmentId}`);

export const addChecklistItem = (cardId: number, text: string) =>
  api.post<ChecklistItem>(`/api/cards/${cardId}/checklist`, { text }, { idempotencyKey: newMutationId() });
export const updateChecklistItem = (itemId: number, input: { text?: string; done?: boolean }) =>
  api.patch<ChecklistItem>(`/api/checklist-items/${itemId}`, input);
export const moveChecklistItem = (itemId: number, index: number) =>
  api.post<ChecklistItem>(`/api/checklist-items/${itemId}/move`, { index });
export const deleteChecklistItem = (itemId: number) => api.delete<void>(`/api/checklist-items/${itemId}`);
export const fetchCardHistory = (cardId: number) => api.get<CardHistoryEntry[]>(`/api/cards/${cardId}/history`);
