"""Use cases of the CM's daily work: promises, escalations, tags, notes, triage.

Each use case ``f(store, ...)`` runs ``f_in(conn, ...)`` in its own write
transaction and returns plain values (ids, :class:`~cm_desk.domain.models.Changes`),
never ORM objects. Callers that must compose several steps atomically (the
demo builder, a future "reply and promise" action) call the ``_in`` forms
inside one ``with store.write() as conn:``.
"""
