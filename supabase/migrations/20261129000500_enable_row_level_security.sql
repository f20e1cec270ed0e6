-- Row-level security: the second wall behind the TypeScript checks in
-- src/lib/server/auth/access.ts. Every policy asks one of two helpers, so a change to who
-- counts as a member is made in one place. Both helpers are security definer so that they can
-- read memberships without recursing into the memberships policies.

create or replace function app.has_hub_role(target_region uuid, roles text[])
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.hub_roles h
    where h.region_id = target_region
      and h.user_id = app.current_user_id()
      and h.role = any (roles)
  )
$$;
comment on function app.has_hub_role(uuid, text[]) is
  'True when the current user holds one of roles (hub_admin, hub_staff) in the region.';

create or replace function app.has_role(target_municipality uuid, roles text[])
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.municipality_id = target_municipality
      and m.user_id = app.current_user_id()
      and m.role = any (roles)
  ) or exists (
    select 1 from public.hub_roles h
    join public.municipalities mu on mu.region_id = h.region_id
    where mu.id = target_municipality
      and h.user_id = app.current_user_id()
      and h.role = any (roles)
  )
$$;
comment on function app.has_role(uuid, text[]) is
  'The membership helper of every tenant policy: true when the current user holds one of roles '
  '(coordinator, member, observer, or a hub role of the municipality''s region).';

grant execute on function app.has_hub_role(uuid, text[]) to roundtable_app;
grant execute on function app.has_role(uuid, text[]) to roundtable_app;

-- regions
alter table public.regions enable row level security;
alter table public.regions force row level security;
grant select on public.regions to roundtable_app;
create policy "hub roles and board members can see their region" on public.regions
  for select using (
    app.has_hub_role(id, array['hub_admin', 'hub_staff'])
    or exists (select 1 from public.municipalities m where m.region_id = regions.id)
  );

-- municipalities
alter table public.municipalities enable row level security;
alter table public.municipalities force row level security;
grant select, insert, update on public.municipalities to roundtable_app;
create policy "members and the hub can see a municipality" on public.municipalities
  for select using (
    app.has_role(id, array['coordinator', 'member', 'observer', 'hub_admin', 'hub_staff'])
  );
create policy "hub admins create municipalities in their region" on public.municipalities
  for insert with check (app.has_hub_role(region_id, array['hub_admin']));
create policy "coordinators and hub admins update a municipality" on public.municipalities
  for update using (app.has_role(id, array['coordinator', 'hub_admin']))
  with check (app.has_role(id, array['coordinator', 'hub_admin']));

-- organizations
alter table public.organizations enable row level security;
alter table public.organizations force row level security;
grant select, insert, update, delete on public.organizations to roundtable_app;
create policy "board members and hub admins see organizations" on public.organizations
  for select using (
    app.has_role(municipality_id, array['coordinator', 'member', 'observer', 'hub_admin'])
  );
create policy "coordinators and hub admins add organizations" on public.organizations
  for insert with check (app.has_role(municipality_id, array['coordinator', 'hub_admin']));
create policy "coordinators and hub admins change organizations" on public.organizations
  for update using (app.has_role(municipality_id, array['coordinator', 'hub_admin']))
  with check (app.has_role(municipality_id, array['coordinator', 'hub_admin']));
create policy "coordinators and hub admins remove organizations" on public.organizations
  for delete using (app.has_role(municipality_id, array['coordinator', 'hub_admin']));

-- memberships: coordinators manage their board; hub admins only appoint coordinators.
alter table public.memberships enable row level security;
alter table public.memberships force row level security;
grant select, insert, update, delete on public.memberships to roundtable_app;
create policy "board members see the board's memberships" on public.memberships
  for select using (
    user_id = app.current_user_id()
    or app.has_role(municipality_id, array['coordinator', 'member', 'observer', 'hub_admin'])
  );
create policy "coordinators add members, hub admins add coordinators" on public.memberships
  for insert with check (
    app.has_role(municipality_id, array['coordinator'])
    or (role = 'coordinator' and app.has_role(municipality_id, array['hub_admin']))
  );
create policy "coordinators change memberships" on public.memberships
  for update using (app.has_role(municipality_id, array['coordinator']))
  with check (app.has_role(municipality_id, array['coordinator']));
create policy "coordinators remove memberships, hub admins remove coordinators" on public.memberships
  for delete using (
    app.has_role(municipality_id, array['coordinator'])
    or (role = 'coordinator' and app.has_role(municipality_id, array['hub_admin']))
  );

-- invitations (token_hash is never granted)
alter table public.invitations enable row level security;
alter table public.invitations force row level security;
grant select (id, email, municipality_id, organization_id, role, invited_by, created_at,
  expires_at, accepted_at, revoked_at) on public.invitations to roundtable_app;
grant insert on public.invitations to roundtable_app;
grant update (revoked_at) on public.invitations to roundtable_app;
create policy "inviters see their board's invitations" on public.invitations
  for select using (
    app.has_role(municipality_id, array['coordinator'])
    or (role = 'coordinator' and app.has_role(municipality_id, array['hub_admin']))
  );
create policy "coordinators invite members, hub admins invite coordinators" on public.invitations
  for insert with check (
    invited_by = app.current_user_id()
    and (
      app.has_role(municipality_id, array['coordinator'])
      or (role = 'coordinator' and app.has_role(municipality_id, array['hub_admin']))
    )
  );
create policy "inviters revoke invitations" on public.invitations
  for update using (
    app.has_role(municipality_id, array['coordinator'])
    or (role = 'coordinator' and app.has_role(municipality_id, array['hub_admin']))
  );

-- users: only non-secret columns, only people who share a board with you.
alter table public.users enable row level security;
alter table public.users force row level security;
grant select (id, email, display_name, locale, created_at) on public.users to roundtable_app;
grant update (display_name, locale) on public.users to roundtable_app;
create policy "people see themselves and those on their boards" on public.users
  for select using (
    id = app.current_user_id()
    or exists (select 1 from public.memberships m where m.user_id = users.id)
  );
create policy "people change their own profile" on public.users
  for update using (id = app.current_user_id()) with check (id = app.current_user_id());

-- hub roles
alter table public.hub_roles enable row level security;
alter table public.hub_roles force row level security;
grant select on public.hub_roles to roundtable_app;
create policy "people see their own hub roles, hub admins see the hub" on public.hub_roles
  for select using (
    user_id = app.current_user_id() or app.has_hub_role(region_id, array['hub_admin'])
  );

-- Authentication state is read and written only by the server's own connection, never as a
-- user: RLS on, no grants, no policies.
alter table public.sessions enable row level security;
alter table public.sessions force row level security;
alter table public.login_throttle enable row level security;
alter table public.login_throttle force row level security;
alter table public.app_settings enable row level security;
alter table public.app_settings force row level security;
