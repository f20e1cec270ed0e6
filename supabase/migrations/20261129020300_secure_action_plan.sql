-- Row-level security for the action plan, matching src/lib/server/auth/access.ts: board
-- members read; the coordinator writes objectives and creates and removes items; the owner
-- organization's people update their items (the trigger below limits what they change).

create or replace function app.represents(target_municipality uuid, target_organization uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.memberships m
    where m.municipality_id = target_municipality
      and m.organization_id = target_organization
      and m.user_id = app.current_user_id()
      and m.role in ('coordinator', 'member')
  )
$$;
comment on function app.represents(uuid, uuid) is
  'True when the current user is a coordinator or member on the board standing for that organization.';
grant execute on function app.represents(uuid, uuid) to roundtable_app;

-- The second wall behind the TypeScript rule (src/lib/domain/action-items.ts): someone who
-- may update an item only because their organization owns it changes its progress, not
-- what it is or who owns it.
create or replace function app.guard_action_item_update()
returns trigger
language plpgsql set search_path = ''
as $$
begin
  if current_user <> 'roundtable_app' or app.has_role(old.municipality_id, array['coordinator']) then
    return new;
  end if;
  if (new.title, new.description, new.owner_organization_id, new.objective_id, new.decision_id,
      new.due_date, new.created_by, new.created_at)
     is distinct from
     (old.title, old.description, old.owner_organization_id, old.objective_id, old.decision_id,
      old.due_date, old.created_by, old.created_at) then
    raise exception 'only the coordinator changes an action item''s title, description, owner, objective or due date'
      using errcode = '42501';
  end if;
  return new;
end
$$;
comment on function app.guard_action_item_update() is
  'Refuses changes to what an action item is (title, description, owner, objective, decision, due date) '
  'by anyone but the coordinator; status and progress are the owner organization''s to change.';
create trigger action_items_guard before update on public.action_items
  for each row execute function app.guard_action_item_update();

do $$
declare
  t text;
begin
  foreach t in array array['objectives', 'action_items', 'action_item_assignees', 'action_item_updates']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
    execute format('grant select on public.%I to roundtable_app', t);
    execute format(
      'create policy "board members read" on public.%I for select using (app.has_role(municipality_id, array[''coordinator'', ''member'', ''observer'']))',
      t);
  end loop;
end
$$;

grant insert, update, delete on public.objectives to roundtable_app;
create policy "the coordinator writes objectives" on public.objectives
  for all using (app.has_role(municipality_id, array['coordinator']))
  with check (app.has_role(municipality_id, array['coordinator']));

-- Action items: the coordinator creates and removes them; the owner organization's people
-- update them (the trigger above limits what they change). Which board, who created it and
-- when are never updated, by anyone: the update grant leaves those columns out.
grant insert, delete on public.action_items to roundtable_app;
grant update (title, description, owner_organization_id, objective_id, decision_id, due_date, status, progress, updated_at)
  on public.action_items to roundtable_app;
create policy "the coordinator creates items" on public.action_items
  for insert with check (app.has_role(municipality_id, array['coordinator']) and created_by = app.current_user_id());
create policy "the coordinator and the owner organization update items" on public.action_items
  for update using (app.has_role(municipality_id, array['coordinator']) or app.represents(municipality_id, owner_organization_id))
  with check (app.has_role(municipality_id, array['coordinator']) or app.represents(municipality_id, owner_organization_id));
create policy "the coordinator removes items" on public.action_items
  for delete using (app.has_role(municipality_id, array['coordinator']));

-- Assignees, history and attachments of an item follow who may update the item.
create or replace function app.may_update_item(target_item uuid)
returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.action_items i
    where i.id = target_item
      and (app.has_role(i.municipality_id, array['coordinator']) or app.represents(i.municipality_id, i.owner_organization_id))
  )
$$;
comment on function app.may_update_item(uuid) is
  'True when the current user may update the action item: the board''s coordinator or one of the owner organization''s people.';
grant execute on function app.may_update_item(uuid) to roundtable_app;

grant insert, delete on public.action_item_assignees to roundtable_app;
create policy "who updates the item assigns people" on public.action_item_assignees
  for all using (app.may_update_item(action_item_id)) with check (app.may_update_item(action_item_id));

-- History is written, never rewritten.
grant insert on public.action_item_updates to roundtable_app;
create policy "who updates the item records its history" on public.action_item_updates
  for insert with check (app.may_update_item(action_item_id) and user_id = app.current_user_id());

