-- Row-level security for meetings, matching src/lib/server/auth/access.ts: board members
-- (coordinator, member, observer) read; the coordinator runs meetings. Hub staff read a board
-- only where it added them as observers (an ordinary membership).

do $$
declare
  t text;
begin
  foreach t in array array['meetings', 'meeting_agenda_items', 'meeting_invitees', 'meeting_attendance', 'decisions']
  loop
    execute format('alter table public.%I enable row level security', t);
    execute format('alter table public.%I force row level security', t);
    execute format('grant select, insert, update, delete on public.%I to roundtable_app', t);
    execute format(
      'create policy "board members read" on public.%I for select using (app.has_role(municipality_id, array[''coordinator'', ''member'', ''observer'']))',
      t);
    execute format(
      'create policy "the coordinator writes" on public.%I for all using (app.has_role(municipality_id, array[''coordinator''])) with check (app.has_role(municipality_id, array[''coordinator'']))',
      t);
  end loop;
end
$$;

-- calendar_feeds: no grants; the server reads it to answer feed requests (like sessions).
alter table public.calendar_feeds enable row level security;
alter table public.calendar_feeds force row level security;

-- Approved minutes are the record of the meeting: the second wall behind the TypeScript rule
-- (src/lib/domain/meetings.ts, recordLock). As the app role, nothing of an approved meeting
-- changes (not its schedule, agenda, invitees, attendance or decisions, nor a second approval),
-- and whoever approves signs with their own id. The server's own connection (seeding,
-- operators) is not limited, like the action plan's guard.
create or replace function app.guard_meeting()
returns trigger
language plpgsql set search_path = ''
as $$
begin
  if current_user <> 'roundtable_app' then
    return coalesce(new, old);
  end if;
  if old.minutes_approved_at is not null then
    raise exception 'the minutes of this meeting are approved: its record is read-only'
      using errcode = '42501';
  end if;
  if tg_op = 'UPDATE' and new.minutes_approved_at is not null
     and new.minutes_approved_by is distinct from app.current_user_id() then
    raise exception 'minutes are approved in the approver''s own name' using errcode = '42501';
  end if;
  return coalesce(new, old);
end
$$;
comment on function app.guard_meeting() is
  'Refuses changes to a meeting whose minutes are approved, and approvals in someone else''s name.';
create trigger meetings_guard before update or delete on public.meetings
  for each row execute function app.guard_meeting();

create or replace function app.guard_meeting_record()
returns trigger
language plpgsql set search_path = ''
as $$
begin
  if current_user = 'roundtable_app' and exists (
    select 1 from public.meetings mt
    where mt.id in (case when tg_op = 'INSERT' then null else old.meeting_id end,
                    case when tg_op = 'DELETE' then null else new.meeting_id end)
      and mt.minutes_approved_at is not null
  ) then
    raise exception 'the minutes of this meeting are approved: its record is read-only'
      using errcode = '42501';
  end if;
  return coalesce(new, old);
end
$$;
comment on function app.guard_meeting_record() is
  'Refuses changes to the agenda, invitees, attendance and decisions of a meeting whose minutes are approved.';

do $$
declare
  t text;
begin
  foreach t in array array['meeting_agenda_items', 'meeting_invitees', 'meeting_attendance', 'decisions']
  loop
    execute format(
      'create trigger %I before insert or update or delete on public.%I for each row execute function app.guard_meeting_record()',
      t || '_guard', t);
  end loop;
end
$$;
