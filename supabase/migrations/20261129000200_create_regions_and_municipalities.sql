create table public.regions (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);
comment on table public.regions is 'A regional hub and the municipalities it supports.';

create table public.municipalities (
  id uuid primary key default gen_random_uuid(),
  region_id uuid not null references public.regions (id),
  slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 60),
  name text not null check (length(name) between 1 and 200),
  name_latin text not null check (length(name_latin) between 1 and 200),
  country char(2) not null check (country ~ '^[A-Z]{2}$'),
  time_zone text not null,
  target_meeting_interval_days integer not null default 30
    check (target_meeting_interval_days between 7 and 92),
  created_at timestamptz not null default now()
);
comment on table public.municipalities is
  'A municipality running a prevention framework: its coordination board is scoped by this id.';
comment on column public.municipalities.name is 'The name in the local script (e.g. Куманово).';
comment on column public.municipalities.target_meeting_interval_days is
  'Target cadence for framework health: 30 = monthly (default), 92 = quarterly (SCN minimum).';
create index municipalities_region_idx on public.municipalities (region_id);
