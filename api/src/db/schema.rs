//! The one diesel schema for both backends. Only column types that SQLite and PostgreSQL
//! share through `MultiBackend` are used: ids and JSON are `Text`, times are UTC `Timestamp`.

diesel::table! {
    departments (id) {
        id -> Text,
        name -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        display_name -> Text,
        role -> Text,
        department_id -> Nullable<Text>,
        password_hash -> Text,
        active -> Bool,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        session_version -> Integer,
        password_change_required -> Bool,
    }
}

diesel::table! {
    customers (id) {
        id -> Text,
        name -> Text,
        phone -> Text,
        address -> Nullable<Text>,
        unit -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    tickets (id) {
        id -> Text,
        number -> Text,
        status -> Text,
        kind -> Text,
        channel -> Text,
        subject -> Text,
        description -> Text,
        customer_id -> Text,
        owner_id -> Text,
        department_id -> Nullable<Text>,
        urgency -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        dispatched_at -> Nullable<Timestamp>,
        accepted_at -> Nullable<Timestamp>,
        response_due_at -> Nullable<Timestamp>,
        responded_at -> Nullable<Timestamp>,
        response_escalated_at -> Nullable<Timestamp>,
        resolution_due_at -> Timestamp,
        resolution_original_due_at -> Timestamp,
        resolved_at -> Nullable<Timestamp>,
        resolution_escalated_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        escalation_level -> Integer,
        resolution -> Nullable<Text>,
        root_cause -> Nullable<Text>,
        duplicate_of -> Nullable<Text>,
        complainant_count -> Integer,
        contact_count -> Integer,
        queue_due_at -> Timestamp,
        version -> Integer,
        sweep_due_at -> Nullable<Timestamp>,
        callback_attempts -> Integer,
        risk_at -> Nullable<Timestamp>,
        response_risk_noted_at -> Nullable<Timestamp>,
        resolution_risk_noted_at -> Nullable<Timestamp>,
        auto_close_at -> Nullable<Timestamp>,
        onsite_started_at -> Nullable<Timestamp>,
        onsite_due_at -> Nullable<Timestamp>,
        onsite_at -> Nullable<Timestamp>,
        onsite_escalated_at -> Nullable<Timestamp>,
        onsite_risk_noted_at -> Nullable<Timestamp>,
        hot_at -> Nullable<Timestamp>,
        hot_report_due_at -> Nullable<Timestamp>,
        hot_reported_at -> Nullable<Timestamp>,
        hot_report_escalated_at -> Nullable<Timestamp>,
        hot_report_risk_noted_at -> Nullable<Timestamp>,
        root_cause_id -> Nullable<Text>,
        supervised_at -> Nullable<Timestamp>,
        supervision_due_at -> Nullable<Timestamp>,
        supervision_escalated_at -> Nullable<Timestamp>,
        supervision_risk_noted_at -> Nullable<Timestamp>,
        urge_count -> Integer,
        urged_at -> Nullable<Timestamp>,
        returned_by_department_id -> Nullable<Text>,
        return_reason -> Nullable<Text>,
    }
}

diesel::table! {
    ticket_events (id) {
        id -> Text,
        ticket_id -> Text,
        kind -> Text,
        actor_id -> Nullable<Text>,
        at -> Timestamp,
        data -> Text,
        department_id -> Nullable<Text>,
    }
}

diesel::table! {
    extensions (id) {
        id -> Text,
        ticket_id -> Text,
        status -> Text,
        requested_by -> Text,
        requested_at -> Timestamp,
        previous_due_at -> Timestamp,
        new_due_at -> Timestamp,
        reason -> Text,
        customer_agreed -> Bool,
        decided_by -> Nullable<Text>,
        decided_at -> Nullable<Timestamp>,
        decision_note -> Nullable<Text>,
    }
}

diesel::table! {
    sla_policy (id) {
        id -> Integer,
        policy -> Text,
        updated_at -> Timestamp,
        updated_by -> Nullable<Text>,
    }
}

diesel::table! {
    idempotency_keys (user_id, key) {
        user_id -> Text,
        key -> Text,
        request -> Text,
        ticket_id -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    ticket_counters (day) {
        day -> Text,
        last -> BigInt,
    }
}

diesel::joinable!(tickets -> customers (customer_id));
diesel::joinable!(ticket_events -> tickets (ticket_id));
diesel::joinable!(extensions -> tickets (ticket_id));
diesel::joinable!(users -> departments (department_id));

diesel::allow_tables_to_appear_in_same_query!(
    departments,
    users,
    customers,
    tickets,
    ticket_events,
    extensions,
    sla_policy,
    idempotency_keys,
    ticket_counters,
    callbacks,
    handovers,
    root_causes,
    answers,
    answer_terms,
    answer_uses,
);

diesel::table! {
    callbacks (id) {
        id -> Text,
        ticket_id -> Text,
        department_id -> Nullable<Text>,
        at -> Timestamp,
        by_user -> Text,
        reached -> Bool,
        satisfaction -> Nullable<Text>,
        comment -> Nullable<Text>,
    }
}

diesel::joinable!(callbacks -> tickets (ticket_id));

diesel::table! {
    handovers (id) {
        id -> Text,
        author_id -> Text,
        recipient_id -> Nullable<Text>,
        created_at -> Timestamp,
        shift_ends_at -> Timestamp,
        log -> Text,
        snapshot -> Text,
        signed_by -> Nullable<Text>,
        signed_at -> Nullable<Timestamp>,
        sign_note -> Nullable<Text>,
    }
}

diesel::table! {
    root_causes (id) {
        id -> Text,
        parent_id -> Nullable<Text>,
        name -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    answers (id) {
        id -> Text,
        title -> Text,
        body -> Text,
        department_id -> Text,
        unit -> Nullable<Text>,
        topic -> Nullable<Text>,
        valid_from -> Timestamp,
        valid_until -> Nullable<Timestamp>,
        active -> Bool,
        use_count -> BigInt,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    answer_terms (answer_id, term) {
        answer_id -> Text,
        term -> Text,
    }
}

diesel::table! {
    answer_uses (id) {
        id -> Text,
        answer_id -> Text,
        ticket_id -> Text,
        by_user -> Text,
        at -> Timestamp,
    }
}

diesel::joinable!(answers -> departments (department_id));
diesel::joinable!(answer_terms -> answers (answer_id));
diesel::joinable!(answer_uses -> answers (answer_id));

diesel::table! {
    api_tokens (id) {
        id -> Text,
        user_id -> Text,
        name -> Text,
        token_hash -> Text,
        token_start -> Text,
        scopes -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
        last_used_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhooks (id) {
        id -> Text,
        name -> Text,
        url -> Text,
        secret -> Text,
        events -> Text,
        active -> Bool,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        previous_secret -> Nullable<Text>,
        previous_secret_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    webhook_deliveries (id) {
        id -> Text,
        webhook_id -> Text,
        event_id -> Text,
        event_kind -> Text,
        payload -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Nullable<Timestamp>,
        delivered_at -> Nullable<Timestamp>,
        last_status -> Nullable<Integer>,
        last_error -> Nullable<Text>,
    }
}

diesel::joinable!(webhook_deliveries -> webhooks (webhook_id));
diesel::allow_tables_to_appear_in_same_query!(webhooks, webhook_deliveries);

diesel::table! {
    sign_in_lockouts (id) {
        id -> Text,
        kind -> Text,
        subject -> Text,
        failures -> Integer,
        locked_at -> Timestamp,
        locked_until -> Timestamp,
        lifted_at -> Nullable<Timestamp>,
        lifted_by -> Nullable<Text>,
    }
}
