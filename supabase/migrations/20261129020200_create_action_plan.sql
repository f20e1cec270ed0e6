-- The action plan (the Local Action Plan): objectives, and items owned by one organization,
-- with assignees and an update history. Composite foreign keys keep every row in its
-- item's municipality.

create table public.objectives (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references public.municipalities (id) on delete cascade,
  title text not null check (length(title) between 1 and 300),
  description text not null default '' check (length(description) <= 4000),
  position integer not null default 0,
  created_at timestamptz not null default now(),
  unique (id, municipality_id)
);
comment on table public.objectives is 'An objective of the Local Action Plan; action items serve one.';
create index objectives_municipality_idx on public.objectives (municipality_id, position);

create table public.action_items (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references public.municipalities (id) on delete cascade,
  objective_id uuid,
  decision_id uuid,
  title text not null check (length(title) between 1 and 300),
  description text not null default '' check (length(description) <= 4000),
  owner_organization_id uuid not null,
  due_date date,
  status text not null default 'not_started'
    check (status in ('not_started', 'in_progress', 'blocked', 'done', 'cancelled')),
  progress integer not null default 0 check (progress between 0 and 100),
  created_by uuid not null references public.users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, municipality_id),
  foreign key (objective_id, municipality_id) references public.objectives (id, municipality_id) on delete set null (objective_id),
  foreign key (decision_id, municipality_id) references public.decisions (id, municipality_id) on delete set null (decision_id),
  foreign key (owner_organization_id, municipality_id) references public.organizations (id, municipality_id),
  check (status <> 'done' or progress = 100),
  check (status <> 'not_started' or progress = 0)
);
comment on table public.action_items is 'An item of the action plan, owned by one organization.';
create index action_items_municipality_idx on public.action_items (municipality_id, updated_at desc);
create index action_items_owner_idx on public.action_items (owner_organization_id);
create index action_items_decision_idx on public.action_items (decision_id);
-- The plan's due-date view and the overdue filter.
create index action_items_due_idx on public.action_items (municipality_id, due_date);
comment on column public.action_items.due_date is
  'A calendar day of the municipality (its time_zone decides when an item becomes overdue).';
comment on column public.action_items.decision_id is 'The meeting decision that raised the item, if any.';

create table public.action_item_assignees (
  action_item_id uuid not null,
  municipality_id uuid not null,
  user_id uuid not null references public.users (id) on delete cascade,
  primary key (action_item_id, user_id),
  foreign key (action_item_id, municipality_id) references public.action_items (id, municipality_id) on delete cascade
);
comment on table public.action_item_assignees is 'The people on the board who work on an action item.';
create index action_item_assignees_user_idx on public.action_item_assignees (user_id);

create table public.action_item_updates (
  id bigint generated always as identity primary key,
  action_item_id uuid not null,
  municipality_id uuid not null,
  user_id uuid references public.users (id) on delete set null,
  created_at timestamptz not null default now(),
  changes jsonb not null default '{}'::jsonb,
  comment text check (length(comment) <= 2000),
  foreign key (action_item_id, municipality_id) references public.action_items (id, municipality_id) on delete cascade
);
comment on table public.action_item_updates is
  'The history of an action item: who changed what ({"field": [from, to]}), when, with an optional comment.';
create index action_item_updates_item_idx on public.action_item_updates (action_item_id, id desc);

