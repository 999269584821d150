// Search every board I may read (GET /api/search): a word, then cards with
// their board and list, best first, 20 a page; a result opens the card on its
// board. The query and page are in the URL (searchState.ts).
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/router';
import { useEffect, useState, type FormEvent } from 'react';
import { ApiError, errorFields } from '@/lib/api';
import type { CardSearchResult } from '@/lib/types';
import { Icon } from '@/components/Icon';
import { Empty, ErrorBox, Loading } from '@/components/States';
import { fetchSearch, searchKeys } from './api';
import { cardLink, highlight, QUERY_MAX_LENGTH, searchParams, searchQuery } from './searchState';

export function SearchPage() {
  const router = useRouter();
  const { q, page } = searchParams(router.query);
  const [text, setText] = useState(q);
  const [error, setError] = useState<string | null>(null);
  const results = useQuery({
    queryKey: searchKeys.page(q, page),
    queryFn: () => fetchSearch(q, page),
    enabled: q !== '',
    placeholderData: keepPreviousData,
  });

  // Back and forward change the URL: the box follows.
  useEffect(() => setText(q), [q]);

  const go = (query: string, to: number) => void router.push({ pathname: '/search', query: searchQuery(query, to) });

  function submit(e: FormEvent) {
    e.preventDefault();
    const wanted = text.trim();
    if (!wanted) return setError('Type a word to look for.');
    setError(null);
    go(wanted, 1);
  }

  const fieldError =
    error ?? (results.error instanceof ApiError && results.error.fields.q ? errorFields(results.error, ['q']).fields.q! : null);

  return (
    <section className="search-page" data-testid="search-page">
      <h1>Search cards</h1>
      <form role="search" className="search-form" onSubmit={submit} noValidate aria-label="Search every board">
        <label className="filter-text">
          <Icon name="search" />
          <span className="visually-hidden">Words in a card’s title, description or comments</span>
          <input
            type="search"
            value={text}
            maxLength={QUERY_MAX_LENGTH}
            autoFocus
            placeholder="Search every board"
            onChange={(e) => setText(e.target.value)}
            aria-invalid={!!fieldError}
            aria-describedby={fieldError ? 'search-error' : undefined}
            data-testid="search-input"
          />
        </label>
        <button type="submit" className="primary" data-testid="search-submit">
          Search
        </button>
        {fieldError ? (
          <small className="field-error" id="search-error" role="alert" data-testid="error-q">
            {fieldError}
          </small>
        ) : null}
      </form>
      {q === '' ? (
        <p className="muted">Finds cards by the words in their title, description or comments, on every board you can see.</p>
      ) : results.isPending ? (
        <Loading label="Searching…" />
      ) : results.isError ? (
        fieldError ? null : <ErrorBox error={results.error} onRetry={() => void results.refetch()} />
      ) : results.data.results.length === 0 ? (
        <Empty>{page > 1 ? 'No more cards.' : `No cards match “${q}”.`}</Empty>
      ) : (
        <>
          <p className="visually-hidden" role="status">
            {results.data.results.length} cards on page {results.data.page}
          </p>
          <ol className="search-results" data-testid="search-results" aria-busy={results.isFetching}>
            {results.data.results.map((result) => (
              <SearchResult key={result.card.id} result={result} q={q} />
            ))}
          </ol>
          {page > 1 || results.data.has_more ? (
            <nav className="search-pages" aria-label="Pages of results">
              <button type="button" disabled={page <= 1} onClick={() => go(q, page - 1)} data-testid="search-previous">
                Previous
              </button>
              <span data-testid="search-page-number">Page {page}</span>
              <button type="button" disabled={!results.data.has_more} onClick={() => go(q, page + 1)} data-testid="search-next">
                Next
              </button>
            </nav>
          ) : null}
        </>
      )}
    </section>
  );
}

function Highlighted({ text, q }: { text: string; q: string }) {
  return (
    <>
      {highlight(text, q).map((piece, i) => (piece.match ? <mark key={i}>{piece.text}</mark> : <span key={i}>{piece.text}</span>))}
    </>
  );
}

function SearchResult({ result, q }: { result: CardSearchResult; q: string }) {
  return (
    <li className="search-result" data-testid={`search-result-${result.card.id}`}>
      <Link href={cardLink(result)} data-testid={`search-open-${result.card.id}`}>
        <Highlighted text={result.card.title} q={q} />
      </Link>
      <span className="search-where">
        {result.board.name} › {result.column.name}
      </span>
      {result.snippet ? (
        <p className="search-snippet">
          <Highlighted text={result.snippet} q={q} />
        </p>
      ) : null}
    </li>
  );
}
