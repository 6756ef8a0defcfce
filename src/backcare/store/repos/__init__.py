"""The SQL repository in parts, one per aggregate (users and sign-in, screenings and plans,
guided sessions, diary and reminders, import); `backcare.store.repository.SqlRepository`
composes them, so callers see one object."""
