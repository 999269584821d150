// The card whose dialog is open, kept in the URL (/board?id=3&card=7) so that a
// link (a notification, its email, a URL someone shares) opens the card.
import { useRouter } from 'next/router';
import { useCallback, useEffect, useState } from 'react';
import type { Id } from '@/lib/types';

function cardParam(raw: string | string[] | undefined): Id | null {
  return typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : null;
}

export function useCardParam(): [Id | null, (id: Id | null) => void] {
  const router = useRouter();
  const fromUrl = cardParam(router.query.card);
  // Shown at once; the URL follows (a shallow replace: no history entry per card).
  const [openId, setOpenId] = useState<Id | null>(fromUrl);

  // A link to another card of the board being shown.
  useEffect(() => setOpenId(fromUrl), [fromUrl]);

  const open = useCallback(
    (id: Id | null) => {
      setOpenId(id);
      const query = { ...router.query }; // the board id and any filters stay
      delete query.card;
      if (id !== null) query.card = String(id);
      void router.replace({ pathname: router.pathname, query }, undefined, { shallow: true, scroll: false });
    },
    [router],
  );
  return [openId, open];
}
