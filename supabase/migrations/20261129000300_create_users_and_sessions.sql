create table public.users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  display_name text not null check (length(display_name) between 1 and 120),
  password_hash text not null,
  locale text,
  created_at timestamptz not null default now(),
  password_changed_at timestamptz not null default now()
);
comment on table public.users is 'People who sign in. Roles live in memberships and hub_roles.';
comment on column public.users.password_hash is 'argon2id (PHC string). Never readable by roundtable_app.';
create unique index users_email_key on public.users (lower(email));

create table public.sessions (
  id text primary key,
  user_id uuid not null references public.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  absolute_expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  user_agent text,
  ip text
);
comment on table public.sessions is
  'Login sessions. id is the SHA-256 (hex) of the cookie token, so a database leak yields no usable token.';
comment on column public.sessions.expires_at is 'Sliding (idle) expiry, extended while the session is used.';
comment on column public.sessions.absolute_expires_at is 'Hard end of the session, never extended.';
create index sessions_user_idx on public.sessions (user_id);

create table public.hub_roles (
  region_id uuid not null references public.regions (id) on delete cascade,
  user_id uuid not null references public.users (id) on delete cascade,
  role text not null check (role in ('hub_admin', 'hub_staff')),
  created_at timestamptz not null default now(),
  primary key (region_id, user_id)
);
comment on table public.hub_roles is 'Region-wide roles of the regional hub (admin or staff).';

create table public.login_throttle (
  key text primary key,
  failures integer not null default 0,
  window_started_at timestamptz not null default now(),
  locked_until timestamptz
);
comment on table public.login_throttle is
  'Failed sign-in counters per account (email:…) and per client address (ip:…).';

create table public.app_settings (
  id boolean primary key default true check (id),
  setup_completed_at timestamptz not null default now(),
  region_id uuid references public.regions (id)
);
comment on table public.app_settings is
  'A single row, written once by first-run setup; its primary key makes a second setup fail.';
