-- Meetings: agenda, invited organizations, attendance, decisions, minutes (a note). Every
-- table carries municipality_id, and composite foreign keys make it agree with its parent's,
-- so a row can never point at another municipality's meeting, organization or note.

alter table public.notes add constraint notes_id_municipality_key unique (id, municipality_id);

create table public.meetings (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references public.municipalities (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  place text check (length(place) <= 300),
  online_url text check (online_url ~ '^https?://' and length(online_url) <= 2000),
  minutes_note_id uuid unique,
  minutes_approved_at timestamptz,
  minutes_approved_by uuid references public.users (id),
  cancelled_at timestamptz,
  sequence integer not null default 0 check (sequence >= 0),
  created_by uuid not null references public.users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, municipality_id),
  foreign key (minutes_note_id, municipality_id) references public.notes (id, municipality_id),
  check (ends_at > starts_at),
  check ((minutes_approved_at is null) = (minutes_approved_by is null)),
  check (minutes_approved_at is null or minutes_note_id is not null)
);
comment on table public.meetings is 'A meeting of a municipality''s framework; minutes are a collaborative note.';
comment on column public.meetings.minutes_approved_at is
  'Set when the coordinator approves the minutes; the minutes note and the meeting''s record are read-only from then on.';
comment on column public.meetings.sequence is
  'Raised on every change calendar apps should notice (title, time, place, cancellation): iCalendar SEQUENCE.';
create index meetings_municipality_idx on public.meetings (municipality_id, starts_at desc);

create table public.meeting_agenda_items (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null,
  municipality_id uuid not null,
  position integer not null check (position >= 0),
  title text not null check (length(title) between 1 and 300),
  owner_organization_id uuid,
  duration_minutes integer not null default 15 check (duration_minutes between 1 and 480),
  created_at timestamptz not null default now(),
  unique (id, meeting_id),
  foreign key (meeting_id, municipality_id) references public.meetings (id, municipality_id) on delete cascade,
  foreign key (owner_organization_id, municipality_id) references public.organizations (id, municipality_id) on delete set null (owner_organization_id)
);
comment on table public.meeting_agenda_items is
  'Agenda items in order; each item''s time slot follows from the meeting start and the durations before it.';
create index meeting_agenda_items_meeting_idx on public.meeting_agenda_items (meeting_id, position);

create table public.meeting_invitees (
  meeting_id uuid not null,
  organization_id uuid not null,
  municipality_id uuid not null,
  primary key (meeting_id, organization_id),
  foreign key (meeting_id, municipality_id) references public.meetings (id, municipality_id) on delete cascade,
  foreign key (organization_id, municipality_id) references public.organizations (id, municipality_id) on delete cascade
);
comment on table public.meeting_invitees is 'The organizations invited to a meeting.';

create table public.meeting_attendance (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null,
  municipality_id uuid not null,
  organization_id uuid,
  user_id uuid references public.users (id) on delete cascade,
  status text not null check (status in ('present', 'excused', 'absent')),
  recorded_by uuid not null references public.users (id),
  recorded_at timestamptz not null default now(),
  foreign key (meeting_id, municipality_id) references public.meetings (id, municipality_id) on delete cascade,
  foreign key (organization_id, municipality_id) references public.organizations (id, municipality_id) on delete cascade,
  check (organization_id is not null or user_id is not null)
);
comment on table public.meeting_attendance is
  'Attendance per organization (user_id null) and per person (user_id set, with the organization they stood for).';
create unique index meeting_attendance_organization_key on public.meeting_attendance (meeting_id, organization_id) where user_id is null;
create unique index meeting_attendance_person_key on public.meeting_attendance (meeting_id, user_id) where user_id is not null;

create table public.decisions (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null,
  municipality_id uuid not null,
  agenda_item_id uuid,
  text text not null check (length(text) between 1 and 4000),
  created_by uuid not null references public.users (id),
  created_at timestamptz not null default now(),
  unique (id, municipality_id),
  foreign key (meeting_id, municipality_id) references public.meetings (id, municipality_id) on delete cascade,
  foreign key (agenda_item_id, meeting_id) references public.meeting_agenda_items (id, meeting_id) on delete set null (agenda_item_id)
);
comment on table public.decisions is 'A decision taken in a meeting, under one of its agenda items.';
create index decisions_meeting_idx on public.decisions (meeting_id, created_at);

create table public.calendar_feeds (
  user_id uuid primary key references public.users (id) on delete cascade,
  token_hash text not null unique,
  created_at timestamptz not null default now()
);
comment on table public.calendar_feeds is
  'A person''s private calendar feed URL; token_hash is the SHA-256 of the token in the URL. Server-only.';
