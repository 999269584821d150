"""Closing sockets whose session ended: logout, password change, deactivation.

A background task sweeps this process's connections every SWEEP_SECONDS with two
queries in all (sessions, users), whatever the number of sockets, and disconnects
those no longer backed by a valid session. One mechanism covers every way a session
ends, including changes made in another process or in the Django admin.
"""
import asyncio
import logging

from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from realtime import connections

logger = logging.getLogger(__name__)

# Short enough that "logged out" means "disconnected" to a person; long enough to be free.
SWEEP_SECONDS = 2.0


def revoked_connections(conns: list[connections.Connection]) -> list[connections.Connection]:
    if not conns:
        return []
    keys = {conn.session_key for conn in conns}
    live = set(Session.objects.filter(session_key__in=keys, expire_date__gt=timezone.now()).values_list("session_key", flat=True))
    users = {user.id: user for user in get_user_model().objects.filter(id__in={conn.user_id for conn in conns})}
    # One HMAC per user, not per socket: a user may have many tabs open.
    hashes = {user_id: user.get_session_auth_hash() for user_id, user in users.items() if user.is_active}
    revoked = []
    for conn in conns:
        user = users.get(conn.user_id)
        if user is not None:
            conn.user = user
        if conn.session_key not in live or hashes.get(conn.user_id) != conn.auth_hash:
            revoked.append(conn)
    return revoked


async def sweep_forever(server) -> None:
    while True:
        await asyncio.sleep(SWEEP_SECONDS)
        try:
            revoked = await sync_to_async(revoked_connections)(connections.all_connections())
            for conn in revoked:
                logger.info("closing socket %s of user %s: session ended", conn.sid, conn.user_id)
                await server.disconnect(conn.sid, namespace=conn.namespace)
        except Exception:
            logger.exception("session sweep failed")
