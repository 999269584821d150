import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { Avatar, AVATAR_COLOURS, avatarColour, AvatarStack, initials } from './Avatar';

describe('avatarColour', () => {
  it('is the same for the same person every time', () => {
    expect(avatarColour(42)).toBe(avatarColour(42));
    expect(avatarColour('Alex Morgan')).toBe(avatarColour('Alex Morgan'));
    expect(AVATAR_COLOURS).toContain(avatarColour(7));
  });

  it('spreads people over the palette', () => {
    const used = new Set(Array.from({ length: 40 }, (_, id) => avatarColour(id + 1)));
    expect(used.size).toBeGreaterThanOrEqual(AVATAR_COLOURS.length - 1);
  });
});

describe('initials', () => {
  it('takes the first and last word', () => {
    expect(initials('Alex Morgan')).toBe('AM');
    expect(initials('sam')).toBe('S');
    expect(initials('mary-jane o connor')).toBe('MC');
    expect(initials('sam.lee@frontdesk.test')).toBe('SL');
    expect(initials('  ')).toBe('?');
  });
});

describe('Avatar', () => {
  it('shows initials and names the person for screen readers', () => {
    render(<Avatar person={{ id: 3, name: 'Sam Lee' }} />);
    expect(screen.getByText('SL')).toBeTruthy();
    expect(screen.getByText('Sam Lee').className).toBe('visually-hidden');
  });

  it('stacks at most max avatars and counts the rest', () => {
    const people = [1, 2, 3, 4, 5, 6].map((id) => ({ id, name: `Person ${id}` }));
    const { container } = render(<AvatarStack people={people} max={4} />);
    expect(container.querySelectorAll('.avatar').length).toBe(4);
    expect(container.textContent).toContain('+3');
  });
});
