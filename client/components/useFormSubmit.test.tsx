import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError } from '@/lib/api';
import { FormError } from './Form';
import { ackData, useFormSubmit } from './useFormSubmit';

const schema = z.object({ name: z.string().trim().min(1, 'Give it a name.') });

function NameForm({ send, onSuccess }: { send: (data: { name: string }) => Promise<string>; onSuccess?: (r: string) => void }) {
  const [name, setName] = useState('');
  const form = useFormSubmit({ schema, fields: ['name'], send, onSuccess });
  return (
    <form onSubmit={form.onSubmit({ name })} noValidate>
      <input aria-label="Name" value={name} onChange={(e) => setName(e.target.value)} />
      {form.errors.name ? <small role="alert">{form.errors.name}</small> : null}
      <FormError message={form.message} />
      {form.refusal instanceof ApiError ? <p role="status">Refused: {form.refusal.code}</p> : null}
      <button type="submit" disabled={form.busy}>
        Save
      </button>
    </form>
  );
}

describe('useFormSubmit', () => {
  it('shows the schema message under the field and sends nothing', async () => {
    const send = vi.fn();
    render(<NameForm send={send} />);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(screen.getByRole('alert').textContent).toBe('Give it a name.');
    expect(send).not.toHaveBeenCalled();
  });

  it('sends the parsed values, busy until answered, then calls onSuccess', async () => {
    let answer!: (value: string) => void;
    const send = vi.fn(() => new Promise<string>((resolve) => (answer = resolve)));
    const onSuccess = vi.fn();
    render(<NameForm send={send} onSuccess={onSuccess} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: '  Front desk  ' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(send).toHaveBeenCalledWith({ name: 'Front desk' });
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(true);
    await act(async () => answer('ok'));
    expect(onSuccess).toHaveBeenCalledWith('ok');
    expect((screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("splits the server's refusal: its field messages under the fields, the rest in one message", async () => {
    const send = vi.fn(async () => {
      throw new ApiError(400, { code: 'invalid', message: 'Check the form.', fields: { name: ['Taken.'], color: ['Bad colour.'] } });
    });
    render(<NameForm send={send} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Front desk' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    const alerts = screen.getAllByRole('alert').map((a) => a.textContent);
    expect(alerts).toEqual(['Taken.', 'Check the form. color: Bad colour.']);
  });

  it('keeps the refusal for the form to react to, until the next submit', async () => {
    const send = vi
      .fn<(data: { name: string }) => Promise<string>>()
      .mockRejectedValueOnce(new ApiError(0, { code: 'offline', message: 'Not connected to the server.' }))
      .mockResolvedValueOnce('ok');
    render(<NameForm send={send} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Front desk' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(screen.getByRole('status').textContent).toBe('Refused: offline');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Save' })));
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('ackData gives the data of an acknowledgement, or throws its error as an ApiError', () => {
    expect(ackData({ ok: true, data: 5 })).toBe(5);
    expect(() => ackData({ ok: false, error: { code: 'offline', message: 'Not connected.' } })).toThrow(ApiError);
  });
});
