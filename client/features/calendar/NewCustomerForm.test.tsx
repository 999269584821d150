// The walk-in / phone customer form inside the booking dialog: what it refuses
// before asking the server, and the offer to book for the customer whose email it is.
import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Customer } from '@/lib/types';
import { NewCustomerForm } from './NewCustomerForm';

const KNOWN: Customer = { id: 7, name: 'Casey Known', email: 'casey@example.com', phone: '' };

/** Answers the CSRF request, and each POST /api/customers with the next of `answers`. */
function fakeApi(answers: Array<{ status: number; body: unknown }>) {
  const posts: unknown[] = [];
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
      if (String(input).endsWith('/api/auth/csrf')) return json(200, { csrf_token: 'token' });
      posts.push(JSON.parse(String(init.body)));
      const answer = answers.shift()!;
      return json(answer.status, answer.body);
    }),
  );
  return posts;
}

afterEach(() => vi.unstubAllGlobals());

describe('NewCustomerForm', () => {
  it('asks for a name and a way to reach them, both at once, and sends nothing', async () => {
    const posts = fakeApi([]);
    render(<NewCustomerForm onCreated={vi.fn()} onCancel={vi.fn()} />);
    await act(async () => fireEvent.click(screen.getByTestId('add-customer')));
    expect(screen.getByTestId('error-new-name').textContent).toBe('Enter the customer’s name.');
    expect(screen.getByTestId('error-new-phone').textContent).toBe('Give an email address or a phone number.');
    expect(posts).toEqual([]);
  });

  it('adds the customer with the values trimmed; Enter in a field does it too', async () => {
    const created = { id: 8, name: 'Walk In', email: '', phone: '0123' };
    const posts = fakeApi([{ status: 201, body: created }]);
    const onCreated = vi.fn();
    render(<NewCustomerForm onCreated={onCreated} onCancel={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: '  Walk In ' } });
    fireEvent.change(screen.getByLabelText('Phone'), { target: { value: ' 0123' } });
    await act(async () => fireEvent.keyDown(screen.getByLabelText('Phone'), { key: 'Enter' }));
    expect(posts).toEqual([{ name: 'Walk In', email: '', phone: '0123' }]);
    expect(onCreated).toHaveBeenCalledWith(created);
  });

  it('offers to book for the customer who has the email already, until the next try', async () => {
    fakeApi([
      {
        status: 409,
        body: { error: { code: 'email_taken', message: 'A customer with that email already exists.', current: KNOWN } },
      },
      { status: 400, body: { error: { code: 'invalid', message: 'Check the form.', fields: { phone: ['Not a phone number.'] } } } },
    ]);
    const onCreated = vi.fn();
    render(<NewCustomerForm onCreated={onCreated} onCancel={vi.fn()} />);
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Again' } });
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'casey@example.com' } });
    await act(async () => fireEvent.click(screen.getByTestId('add-customer')));
    expect(screen.getByTestId('new-customer-error').textContent).toBe('A customer with that email already exists.');
    fireEvent.click(screen.getByRole('button', { name: 'Book for Casey Known instead' }));
    expect(onCreated).toHaveBeenCalledWith(KNOWN);

    fireEvent.change(screen.getByLabelText('Phone'), { target: { value: 'x' } });
    await act(async () => fireEvent.click(screen.getByTestId('add-customer')));
    expect(screen.getByTestId('error-new-phone').textContent).toBe('Not a phone number.');
    expect(screen.queryByRole('button', { name: /^Book for/ })).toBeNull();
  });
});
