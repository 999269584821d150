import { describe, expect, it } from 'vitest';
import { board } from '@/test/fixtures';
import { accessOf, lostAccess, roleOf } from './roles';

const members = board({
  members: [
    { id: 1, name: 'Alex', role: 'owner' },
    { id: 2, name: 'Sam', role: 'member' },
    { id: 3, name: 'Jo', role: 'viewer' },
  ],
});
const user = (id: number, is_superuser = false) => ({ id, is_superuser });

describe('roleOf', () => {
  it('is my role among the members', () => {
    expect(roleOf(members, user(1))).toBe('owner');
    expect(roleOf(members, user(2))).toBe('member');
    expect(roleOf(members, user(3))).toBe('viewer');
    expect(roleOf(members, user(4))).toBeNull();
  });

  it('makes a superuser an owner, member or not', () => {
    expect(roleOf(members, user(3, true))).toBe('owner');
    expect(roleOf(board({ members: [] }), user(9, true))).toBe('owner');
  });
});

describe('access', () => {
  it('lets viewers read only, members edit and owners manage', () => {
    expect(accessOf('viewer')).toEqual({ role: 'viewer', canEdit: false, canManage: false });
    expect(accessOf('member')).toEqual({ role: 'member', canEdit: true, canManage: false });
    expect(accessOf('owner')).toEqual({ role: 'owner', canEdit: true, canManage: true });
    expect(accessOf(null)).toEqual({ role: null, canEdit: false, canManage: false });
  });

  it('notices when I am no longer a member', () => {
    expect(lostAccess(members, user(2))).toBe(false);
    expect(lostAccess(board({ members: members.members.filter((m) => m.id !== 2) }), user(2))).toBe(true);
    expect(lostAccess(board({ members: [] }), user(2, true))).toBe(false);
  });
});
