create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references public.municipalities (id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  sector text not null check (sector in (
    'local_government', 'police', 'education', 'social_welfare', 'health',
    'religious_community', 'civil_society', 'youth_council', 'media', 'business',
    'international_partner', 'other')),
  contact_name text check (length(contact_name) <= 200),
  contact_email text check (length(contact_email) <= 254),
  contact_phone text check (length(contact_phone) <= 50),
  joined_on date not null default current_date,
  left_on date check (left_on is null or left_on >= joined_on),
  created_at timestamptz not null default now(),
  unique (id, municipality_id)
);
comment on table public.organizations is 'The stakeholder directory of a municipality''s framework.';
create index organizations_municipality_idx on public.organizations (municipality_id);
create unique index organizations_name_key on public.organizations (municipality_id, lower(name));

create table public.memberships (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references public.municipalities (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  organization_id uuid,
  role text not null check (role in ('coordinator', 'member', 'observer')),
  created_at timestamptz not null default now(),
  unique (municipality_id, user_id),
  -- The organization must belong to the same municipality.
  foreign key (organization_id, municipality_id)
    references public.organizations (id, municipality_id) on delete restrict,
  -- A member represents an agency; coordinators and observers may stand for one too.
  check (role <> 'member' or organization_id is not null)
);
comment on table public.memberships is 'A person''s role on one municipality''s board.';
create index memberships_user_idx on public.memberships (user_id);

create table public.invitations (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  email text not null check (length(email) between 3 and 254),
  municipality_id uuid not null references public.municipalities (id) on delete cascade,
  organization_id uuid,
  role text not null check (role in ('coordinator', 'member', 'observer')),
  invited_by uuid not null references public.users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  revoked_at timestamptz,
  foreign key (organization_id, municipality_id)
    references public.organizations (id, municipality_id) on delete cascade,
  check (role <> 'member' or organization_id is not null)
);
comment on table public.invitations is
  'A pending invitation to a board. token_hash is the SHA-256 of the link token; the link is shown once.';
create index invitations_municipality_idx on public.invitations (municipality_id);
