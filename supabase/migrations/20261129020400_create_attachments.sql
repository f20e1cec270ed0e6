-- Attachments on meetings and action items; the bytes live in attachment storage
-- (src/lib/server/attachments), the rows here say whose they are.

create table public.attachments (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references public.municipalities (id) on delete cascade,
  meeting_id uuid,
  action_item_id uuid,
  storage_key text not null unique,
  filename text not null check (length(filename) between 1 and 255),
  content_type text not null,
  size_bytes integer not null check (size_bytes > 0),
  uploaded_by uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  foreign key (meeting_id, municipality_id) references public.meetings (id, municipality_id) on delete cascade,
  foreign key (action_item_id, municipality_id) references public.action_items (id, municipality_id) on delete cascade,
  check (num_nonnulls(meeting_id, action_item_id) = 1)
);
comment on table public.attachments is
  'A file on a meeting or an action item; the bytes live in attachment storage under storage_key.';
create index attachments_meeting_idx on public.attachments (meeting_id);
create index attachments_action_item_idx on public.attachments (action_item_id);

