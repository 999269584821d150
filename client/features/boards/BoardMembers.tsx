// The board's members: everyone sees who is on it; owners change roles,
// remove people and add staff (found as they type). The list is the live
// board's, so changes by anyone show as they happen; the server's refusals
// (the last owner, say) are shown next to the person they concern.
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorFields } from '@/lib/api';
import type { Board, BoardRole, Id, StaffMember } from '@/lib/types';
import { Avatar } from '@/components/Avatar';
import { Dialog } from '@/components/Dialog';
import { Icon } from '@/components/Icon';
import { addMember, boardKeys, fetchStaff, removeMember, setMemberRole } from './api';

export const ROLE_TEXT: Record<BoardRole, string> = { owner: 'Owner', member: 'Member', viewer: 'Viewer' };
const ROLES: BoardRole[] = ['owner', 'member', 'viewer'];
const ROLE_HINT = 'Owners manage the board and its members, members change cards and lists, viewers only look.';

/** The message for one person's row: the server's field error on user_id, else its message. */
function messageOf(error: unknown): string {
  const { fields, message } = errorFields(error, ['user_id', 'role']);
  return fields.user_id ?? fields.role ?? message ?? 'That did not work.';
}

export function BoardMembers({
  board,
  meId,
  canManage,
  onClose,
}: {
  board: Board;
  meId: Id | null;
  canManage: boolean;
  onClose: () => void;
}) {
  // A role being changed shows at once; the board's next board_update confirms it.
  const [pending, setPending] = useState<Record<Id, BoardRole>>({});
  const [rowError, setRowError] = useState<{ userId: Id; text: string } | null>(null);

  async function run(userId: Id, action: () => Promise<unknown>) {
    setRowError(null);
    try {
      await action();
    } catch (error) {
      setRowError({ userId, text: messageOf(error) });
    }
  }

  async function changeRole(userId: Id, role: BoardRole) {
    setPending((p) => ({ ...p, [userId]: role }));
    await run(userId, () => setMemberRole(board.id, userId, role));
    setPending(({ [userId]: _, ...rest }) => rest);
  }

  return (
    <Dialog title="Members" onClose={onClose} testId="board-members">
      <p className="muted">{ROLE_HINT}</p>
      <ul className="members" data-testid="members-list">
        {board.members.map((m) => (
          <li key={m.id} className="member-row" data-testid={`member-${m.id}`}>
            <Avatar person={m} size="md" />
            <span className="member-name">
              {m.name}
              {m.id === meId ? <span className="muted"> (you)</span> : null}
            </span>
            {canManage ? (
              <>
                <label className="visually-hidden" htmlFor={`member-role-${m.id}`}>
                  Role of {m.name}
                </label>
                <select
                  id={`member-role-${m.id}`}
                  value={pending[m.id] ?? m.role}
                  onChange={(e) => void changeRole(m.id, e.target.value as BoardRole)}
                  data-testid={`member-role-${m.id}`}
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_TEXT[r]}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="icon danger"
                  aria-label={`Remove ${m.name}`}
                  title={`Remove ${m.name}`}
                  onClick={() => void run(m.id, () => removeMember(board.id, m.id))}
                  data-testid={`member-remove-${m.id}`}
                >
                  <Icon name="trash" />
                </button>
              </>
            ) : (
              <span className="pill" data-testid={`member-role-${m.id}`}>
                {ROLE_TEXT[m.role]}
              </span>
            )}
            {rowError?.userId === m.id ? (
              <small className="field-error member-error" role="alert" data-testid={`member-error-${m.id}`}>
                {rowError.text}
              </small>
            ) : null}
          </li>
        ))}
      </ul>
      {canManage ? <AddPeople board={board} /> : null}
    </Dialog>
  );
}

/** Search the active staff (by name or email, as you type) and add one with a role. */
function AddPeople({ board }: { board: Board }) {
  const staff = useQuery({ queryKey: boardKeys.staff, queryFn: fetchStaff, staleTime: 60_000 });
  const [query, setQuery] = useState('');
  const [role, setRole] = useState<BoardRole>('member');
  const [busy, setBusy] = useState<Id | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const memberIds = new Set(board.members.map((m) => m.id));
  const q = query.trim().toLowerCase();
  const matches: StaffMember[] = q
    ? (staff.data ?? [])
        .filter((s) => !memberIds.has(s.id) && (s.name.toLowerCase().includes(q) || (s.email ?? '').toLowerCase().includes(q)))
        .slice(0, 8)
    : [];

  async function add(person: StaffMember) {
    setError(null);
    setAdded(null);
    setBusy(person.id);
    try {
      await addMember(board.id, person.id, role);
      setQuery('');
      setAdded(`${person.name} was added as ${ROLE_TEXT[role].toLowerCase()}.`);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="detail-section add-people" aria-labelledby="add-people-title">
      <h3 id="add-people-title">Add people</h3>
      <div className="inline-form">
        <label className="visually-hidden" htmlFor="member-search">
          Search staff by name or email
        </label>
        <input
          id="member-search"
          type="search"
          placeholder="Name or email"
          autoComplete="off"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          data-testid="member-search"
        />
        <label className="visually-hidden" htmlFor="member-new-role">
          Role for people you add
        </label>
        <select id="member-new-role" value={role} onChange={(e) => setRole(e.target.value as BoardRole)} data-testid="member-new-role">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_TEXT[r]}
            </option>
          ))}
        </select>
      </div>
      {staff.isError ? <p className="field-error" role="alert">{errorFields(staff.error).message}</p> : null}
      {q ? (
        matches.length === 0 ? (
          <p className="muted" role="status">
            {staff.isPending ? 'Looking…' : 'Nobody else by that name.'}
          </p>
        ) : (
          <ul className="members search-results" aria-label="Staff found" data-testid="member-results">
            {matches.map((s) => (
              <li key={s.id} className="member-row">
                <Avatar person={s} size="md" />
                <span className="member-name">
                  {s.name} <span className="muted">{s.email}</span>
                </span>
                <button type="button" onClick={() => void add(s)} disabled={busy !== null} data-testid={`member-add-${s.id}`}>
                  <Icon name="plus" /> Add<span className="visually-hidden"> {s.name}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      {error ? (
        <p className="field-error" role="alert" data-testid="member-add-error">
          {error}
        </p>
      ) : null}
      {added ? <p role="status">{added}</p> : null}
    </section>
  );
}
