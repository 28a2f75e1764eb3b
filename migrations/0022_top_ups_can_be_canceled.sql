-- A buyer abandons a top-up they will not pay (cancelTopUp): its PaymentIntent is canceled at
-- Stripe, and the top-up becomes CANCELED, so it no longer counts among the unpaid top-ups that
-- cap new ones. Without it, five abandoned attempts (a changed amount, a reload mid-payment) kept a
-- buyer from adding money for a day.
alter type top_up_status add value 'CANCELED';

-- CANCELED is final like SUCCEEDED, with one way out: Stripe's word. A canceled PaymentIntent
-- cannot be paid, but if Stripe ever reports it paid, the money is credited (money never
-- disappears), so CANCELED may still become SUCCEEDED.
create or replace function top_up_guard() returns trigger language plpgsql as $$
begin
  if new.buyer_id <> old.buyer_id or new.amount <> old.amount or new.currency <> old.currency then
    raise exception 'top-up % buyer, amount and currency are immutable', old.id using errcode = 'restrict_violation';
  end if;
  if old.stripe_payment_intent_id is not null and new.stripe_payment_intent_id is distinct from old.stripe_payment_intent_id then
    raise exception 'top-up % payment intent is immutable once set', old.id using errcode = 'restrict_violation';
  end if;
  if old.status = 'SUCCEEDED' and new.status <> 'SUCCEEDED' then
    raise exception 'top-up % succeeded; its status is final', old.id using errcode = 'restrict_violation';
  end if;
  if old.status::text = 'CANCELED' and new.status::text not in ('CANCELED', 'SUCCEEDED') then
    raise exception 'top-up % was canceled; only a payment Stripe reports can change it', old.id
      using errcode = 'restrict_violation';
  end if;
  return new;
end;
$$;
