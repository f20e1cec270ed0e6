-- The role every user-facing query runs as. It owns nothing and cannot bypass row-level
-- security, so the policies below are a real wall even when the connection itself is a
-- superuser (PGlite always is; a self-hosted DATABASE_URL often is).
-- Roles are cluster-wide: several databases of one cluster (tests) may race to create it.
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'roundtable_app') then
    create role roundtable_app nologin nobypassrls;
  end if;
exception when duplicate_object or unique_violation then
  null;
end
$$;

-- The connecting role must be allowed to `set local role roundtable_app`.
do $$
begin
  execute format('grant roundtable_app to %I', current_user);
exception when others then
  -- Already a member, or a superuser (who needs no grant).
  null;
end
$$;

create schema if not exists app;
comment on schema app is 'Roundtable helpers used by row-level security policies.';
grant usage on schema app to roundtable_app;
grant usage on schema public to roundtable_app;

-- The current user, as the app sets it per transaction:
--   select set_config('request.jwt.claims', '{"sub":"<uuid>"}', true)
-- This is the setting Supabase's own auth helpers read, so policies port unchanged.
create or replace function app.current_user_id() returns uuid
language sql stable
as $$
  -- After a transaction-local set_config the setting reads '' rather than null.
  select nullif(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub', '')::uuid
$$;
comment on function app.current_user_id() is
  'The user id of the current transaction, from request.jwt.claims.sub; null when unset.';
grant execute on function app.current_user_id() to roundtable_app;
