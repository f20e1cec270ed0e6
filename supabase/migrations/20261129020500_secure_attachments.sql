-- Row-level security for attachments: board members read; see below for who adds and removes.

alter table public.attachments enable row level security;
alter table public.attachments force row level security;
grant select on public.attachments to roundtable_app;
create policy "board members read" on public.attachments
  for select using (app.has_role(municipality_id, array['coordinator', 'member', 'observer']));

-- Attachments: the coordinator on meetings; on items, whoever updates the item. The uploader
-- or the coordinator removes one.
grant insert, delete on public.attachments to roundtable_app;
create policy "attachments are added by who may change their meeting or item" on public.attachments
  for insert with check (
    uploaded_by = app.current_user_id()
    and case when meeting_id is not null then app.has_role(municipality_id, array['coordinator'])
             else app.may_update_item(action_item_id) end
  );
create policy "attachments are removed by the coordinator or the uploader" on public.attachments
  for delete using (
    app.has_role(municipality_id, array['coordinator'])
    or (uploaded_by = app.current_user_id() and app.has_role(municipality_id, array['member']))
  );
