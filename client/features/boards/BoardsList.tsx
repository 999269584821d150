import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { errorFields } from '@/lib/api';
import type { Board } from '@/lib/types';
import { Field, FormError, issuesToFields } from '@/components/Form';
import { Empty, ErrorBox, Loading } from '@/components/States';
import { boardKeys, createBoard, fetchBoards } from './api';
import { boardSchema } from './schemas';

export function BoardsList() {
  const client = useQueryClient();
  const boards = useQuery({ queryKey: boardKeys.list, queryFn: fetchBoards });
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useMutation({
    mutationFn: createBoard,
    onSuccess: (board) => {
      client.setQueryData(boardKeys.list, (list: Board[] | undefined) => [...(list ?? []), board]);
      setName('');
      setDescription('');
    },
    onError: (error) => setErrors(errorFields(error, ['name', 'description']).fields),
  });

  function submit(e: FormEvent) {
    e.preventDefault();
    const parsed = boardSchema.safeParse({ name, description });
    if (!parsed.success) return setErrors(issuesToFields(parsed.error.issues));
    setErrors({});
    create.mutate(parsed.data);
  }

  const active = (boards.data ?? []).filter((b) => !b.archived);
  const createError = create.error ? errorFields(create.error, ['name', 'description']).message : null;

  return (
    <div className="boards-page">
      <section>
        <h1>Boards</h1>
        {boards.isPending ? (
          <Loading />
        ) : boards.isError ? (
          <ErrorBox error={boards.error} onRetry={() => void boards.refetch()} />
        ) : active.length === 0 ? (
          <Empty>No boards yet. Create one to start.</Empty>
        ) : (
          <ul className="tiles" data-testid="boards">
            {active.map((b) => (
              <li key={b.id}>
                <Link className="tile" href={{ pathname: '/board', query: { id: b.id } }} data-testid={`board-link-${b.id}`}>
                  <strong>{b.name}</strong>
                  {b.description ? <span>{b.description}</span> : null}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel narrow">
        <h2>New board</h2>
        <form onSubmit={submit} noValidate aria-label="New board">
          <Field label="Name" name="board-name" error={errors.name}>
            <input id="board-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!errors.name} />
          </Field>
          <Field label="Description (optional)" name="board-description" error={errors.description}>
            <textarea id="board-description" rows={2} value={description} onChange={(e) => setDescription(e.target.value)} />
          </Field>
          <FormError message={createError} />
          <button type="submit" className="primary" disabled={create.isPending}>
            Create board
          </button>
        </form>
      </section>
    </div>
  );
}
