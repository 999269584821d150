import { fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { MentionInput } from './MentionInput';

const people = [
  { id: 2, name: 'Sam Lee' },
  { id: 3, name: 'Samira Khan' },
  { id: 4, name: 'Jo Baker' },
];

function Harness() {
  const [value, setValue] = useState('');
  return <MentionInput aria-label="Comment" value={value} onChange={setValue} people={people} />;
}

function type(box: HTMLTextAreaElement, value: string) {
  fireEvent.change(box, { target: { value, selectionStart: value.length, selectionEnd: value.length } });
}

describe('MentionInput', () => {
  it('lists the people matching "@Sa" and puts the chosen name in with the keyboard', () => {
    render(<Harness />);
    const box = screen.getByRole('combobox', { name: 'Comment' }) as HTMLTextAreaElement;
    type(box, 'Ask @Sa');

    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['Sam Lee', 'Samira Khan']);
    expect(screen.getByRole('option', { selected: true }).textContent).toBe('Sam Lee');
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(screen.getByRole('option', { selected: true }).textContent).toBe('Samira Khan');
    fireEvent.keyDown(box, { key: 'Enter' });

    expect(box.value).toBe('Ask @Samira Khan ');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('Escape closes the list without touching the text', () => {
    render(<Harness />);
    const box = screen.getByRole('combobox', { name: 'Comment' }) as HTMLTextAreaElement;
    type(box, '@jo');
    expect(screen.queryByRole('listbox')).not.toBeNull();

    const escape = fireEvent.keyDown(box, { key: 'Escape' });

    expect(escape).toBe(false); // handled here: a dialog around it stays open
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(box.value).toBe('@jo');
  });

  it('a click on a name picks it too', () => {
    render(<Harness />);
    const box = screen.getByRole('combobox', { name: 'Comment' }) as HTMLTextAreaElement;
    type(box, 'cc @b');
    fireEvent.mouseDown(screen.getByRole('option', { name: 'Jo Baker' }));
    expect(box.value).toBe('cc @Jo Baker ');
  });
});
