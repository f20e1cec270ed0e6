-- Collaborative notes: the Yjs document is stored as a compacted snapshot (ydoc_state) plus an
-- append-only log of updates received since (note_updates). The collaboration server
-- (src/lib/server/collab) owns both; people reach them only through it.
create table public.notes (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references public.municipalities (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  kind text not null default 'note' check (kind in ('note', 'minutes')),
  created_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  archived_at timestamptz,
  ydoc_state bytea,
  text_content text not null default '',
  search tsvector generated always as (
    to_tsvector('simple', title || ' ' || text_content)
  ) stored
);
comment on table public.notes is 'A municipality''s collaborative notes; meeting minutes are notes of kind minutes.';
comment on column public.notes.ydoc_state is 'The compacted Yjs document (Y.encodeStateAsUpdate); null until first compaction.';
comment on column public.notes.text_content is 'Plain text of the document, kept for search and previews.';
create index notes_municipality_idx on public.notes (municipality_id, updated_at desc);
create index notes_search_idx on public.notes using gin (search);

create table public.note_updates (
  id bigint generated always as identity primary key,
  note_id uuid not null references public.notes (id) on delete cascade,
  update bytea not null,
  created_at timestamptz not null default now()
);
comment on table public.note_updates is
  'Yjs updates appended by the collaboration server since the note''s last compaction.';
create index note_updates_note_idx on public.note_updates (note_id, id);

alter table public.notes enable row level security;
alter table public.notes force row level security;
-- Board members read notes; coordinators and members write their metadata. The document body
-- (ydoc_state) is written only by the collaboration server's own connection.
grant select (id, municipality_id, title, kind, created_by, created_at, updated_at, archived_at,
  text_content, search) on public.notes to roundtable_app;
grant insert (municipality_id, title, kind, created_by) on public.notes to roundtable_app;
grant update (title, archived_at, updated_at) on public.notes to roundtable_app;
create policy "board members read notes" on public.notes
  for select using (app.has_role(municipality_id, array['coordinator', 'member', 'observer']));
create policy "coordinators and members create notes" on public.notes
  for insert with check (
    app.has_role(municipality_id, array['coordinator', 'member'])
    and created_by = app.current_user_id()
  );
create policy "coordinators and members change notes" on public.notes
  for update using (app.has_role(municipality_id, array['coordinator', 'member']))
  with check (app.has_role(municipality_id, array['coordinator', 'member']));

alter table public.note_updates enable row level security;
alter table public.note_updates force row level security;
