/*
 * GENERATED FILE - do not edit.
 * Type shapes of the Oura API V2 (spec revision 2.0), produced by
 * `npm run gen:types` (scripts/gen-types.js, openapi-typescript) from the spec at
 * $OURA_OPENAPI_SPEC or ../shared/oura-openapi.json. Doc comments are stripped on purpose.
 */
/* eslint-disable */
export interface paths {
    "/v2/sandbox/usercollection/daily_activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_daily_activity_Documents_v2_sandbox_usercollection_daily_activity_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_activity/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_daily_activity_Document_v2_sandbox_usercollection_daily_activity__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_cardiovascular_age": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_daily_cardiovascular_age_Documents_v2_sandbox_usercollection_daily_cardiovascular_age_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_cardiovascular_age/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_daily_cardiovascular_age_Document_v2_sandbox_usercollection_daily_cardiovascular_age__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_readiness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_daily_readiness_Documents_v2_sandbox_usercollection_daily_readiness_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_readiness/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_daily_readiness_Document_v2_sandbox_usercollection_daily_readiness__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_resilience": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_daily_resilience_Documents_v2_sandbox_usercollection_daily_resilience_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_resilience/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_daily_resilience_Document_v2_sandbox_usercollection_daily_resilience__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_sleep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_daily_sleep_Documents_v2_sandbox_usercollection_daily_sleep_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_sleep/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_daily_sleep_Document_v2_sandbox_usercollection_daily_sleep__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_spo2": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_daily_spo2_Documents_v2_sandbox_usercollection_daily_spo2_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_spo2/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_daily_spo2_Document_v2_sandbox_usercollection_daily_spo2__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_stress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_daily_stress_Documents_v2_sandbox_usercollection_daily_stress_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/daily_stress/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_daily_stress_Document_v2_sandbox_usercollection_daily_stress__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/enhanced_tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_enhanced_tag_Documents_v2_sandbox_usercollection_enhanced_tag_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/enhanced_tag/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_enhanced_tag_Document_v2_sandbox_usercollection_enhanced_tag__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/heartrate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_heartrate_Documents_v2_sandbox_usercollection_heartrate_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/rest_mode_period": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_rest_mode_period_Documents_v2_sandbox_usercollection_rest_mode_period_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/rest_mode_period/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_rest_mode_period_Document_v2_sandbox_usercollection_rest_mode_period__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/ring_battery_level": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_ring_battery_level_Documents_v2_sandbox_usercollection_ring_battery_level_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/ring_configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_ring_configuration_Documents_v2_sandbox_usercollection_ring_configuration_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/ring_configuration/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_ring_configuration_Document_v2_sandbox_usercollection_ring_configuration__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_session_Documents_v2_sandbox_usercollection_session_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/session/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_session_Document_v2_sandbox_usercollection_session__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/sleep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_sleep_Documents_v2_sandbox_usercollection_sleep_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/sleep/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_sleep_Document_v2_sandbox_usercollection_sleep__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/sleep_time": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_sleep_time_Documents_v2_sandbox_usercollection_sleep_time_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/sleep_time/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_sleep_time_Document_v2_sandbox_usercollection_sleep_time__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_tag_Documents_v2_sandbox_usercollection_tag_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/tag/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_tag_Document_v2_sandbox_usercollection_tag__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/vO2_max": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_vO2_max_Documents_v2_sandbox_usercollection_vO2_max_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/vO2_max/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_vO2_max_Document_v2_sandbox_usercollection_vO2_max__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/workout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Multiple_workout_Documents_v2_sandbox_usercollection_workout_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/sandbox/usercollection/workout/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Sandbox___Single_workout_Document_v2_sandbox_usercollection_workout__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_activity": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_daily_activity_Documents_v2_usercollection_daily_activity_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_activity/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_daily_activity_Document_v2_usercollection_daily_activity__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_cardiovascular_age": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_daily_cardiovascular_age_Documents_v2_usercollection_daily_cardiovascular_age_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_cardiovascular_age/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_daily_cardiovascular_age_Document_v2_usercollection_daily_cardiovascular_age__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_readiness": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_daily_readiness_Documents_v2_usercollection_daily_readiness_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_readiness/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_daily_readiness_Document_v2_usercollection_daily_readiness__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_resilience": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_daily_resilience_Documents_v2_usercollection_daily_resilience_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_resilience/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_daily_resilience_Document_v2_usercollection_daily_resilience__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_sleep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_daily_sleep_Documents_v2_usercollection_daily_sleep_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_sleep/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_daily_sleep_Document_v2_usercollection_daily_sleep__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_spo2": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_daily_spo2_Documents_v2_usercollection_daily_spo2_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_spo2/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_daily_spo2_Document_v2_usercollection_daily_spo2__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_stress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_daily_stress_Documents_v2_usercollection_daily_stress_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/daily_stress/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_daily_stress_Document_v2_usercollection_daily_stress__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/enhanced_tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_enhanced_tag_Documents_v2_usercollection_enhanced_tag_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/enhanced_tag/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_enhanced_tag_Document_v2_usercollection_enhanced_tag__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/heartrate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_heartrate_Documents_v2_usercollection_heartrate_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/personal_info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_Personal_Info_Document_v2_usercollection_personal_info_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/rest_mode_period": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_rest_mode_period_Documents_v2_usercollection_rest_mode_period_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/rest_mode_period/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_rest_mode_period_Document_v2_usercollection_rest_mode_period__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/ring_battery_level": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_ring_battery_level_Documents_v2_usercollection_ring_battery_level_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/ring_configuration": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_ring_configuration_Documents_v2_usercollection_ring_configuration_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/ring_configuration/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_ring_configuration_Document_v2_usercollection_ring_configuration__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_session_Documents_v2_usercollection_session_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/session/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_session_Document_v2_usercollection_session__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/sleep": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_sleep_Documents_v2_usercollection_sleep_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/sleep/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_sleep_Document_v2_usercollection_sleep__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/sleep_time": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_sleep_time_Documents_v2_usercollection_sleep_time_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/sleep_time/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_sleep_time_Document_v2_usercollection_sleep_time__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/tag": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_tag_Documents_v2_usercollection_tag_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/tag/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_tag_Document_v2_usercollection_tag__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/vO2_max": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_vO2_max_Documents_v2_usercollection_vO2_max_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/vO2_max/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_vO2_max_Document_v2_usercollection_vO2_max__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/workout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Multiple_workout_Documents_v2_usercollection_workout_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/usercollection/workout/{document_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["Single_workout_Document_v2_usercollection_workout__document_id__get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/webhook/subscription": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["list_webhook_subscriptions_v2_webhook_subscription_get"];
        put?: never;
                post: operations["create_webhook_subscription_v2_webhook_subscription_post"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/webhook/subscription/renew/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
                put: operations["renew_webhook_subscription_v2_webhook_subscription_renew__id__put"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/webhook/subscription/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
                get: operations["get_webhook_subscription_v2_webhook_subscription__id__get"];
                put: operations["update_webhook_subscription_v2_webhook_subscription__id__put"];
        post?: never;
                delete: operations["delete_webhook_subscription_v2_webhook_subscription__id__delete"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
                Array_Union_float__NoneType__Bits64_: (number | null)[];
                CreateWebhookSubscriptionRequest: {
                        callback_url: string;
                        verification_token: string;
            event_type: components["schemas"]["WebhookOperation"];
            data_type: components["schemas"]["ExtApiV2DataType"];
        };
                DailyResilienceModel: {
                        id: string;
                        day: string;
                        contributors: components["schemas"]["ResilienceContributors"];
                        level: components["schemas"]["LongTermResilienceLevel"];
        };
                EnhancedTagModel: {
                        id: string;
                        tag_type_code?: string | null;
                        start_time: components["schemas"]["LocalDateTime"];
                        end_time?: components["schemas"]["LocalDateTime"] | null;
                        start_day: string;
                        end_day?: string | null;
                        comment?: string | null;
                        custom_name?: string | null;
        };
                ExtApiV2DataType: "tag" | "enhanced_tag" | "workout" | "session" | "sleep" | "daily_sleep" | "daily_readiness" | "daily_activity" | "daily_spo2" | "sleep_time" | "rest_mode_period" | "ring_configuration" | "daily_stress" | "daily_cardiovascular_age" | "daily_resilience" | "vo2_max" | "meal";
                HTTPValidationError: {
                        detail?: components["schemas"]["ValidationError"][];
        };
        ISODate: string;
        LocalDateTime: string;
        LocalizedDateTime: string;
                LongTermResilienceLevel: "limited" | "adequate" | "solid" | "strong" | "exceptional";
                MultiDocumentResponseDict: {
                        data: {
                [key: string]: unknown;
            }[];
                        next_token: string | null;
        };
                MultiDocumentResponse_DailyResilienceModel_: {
                        data: components["schemas"]["DailyResilienceModel"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_EnhancedTagModel_: {
                        data: components["schemas"]["EnhancedTagModel"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicDailyActivity_: {
                        data: components["schemas"]["PublicDailyActivity"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicDailyCardiovascularAge_: {
                        data: components["schemas"]["PublicDailyCardiovascularAge"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicDailyReadiness_: {
                        data: components["schemas"]["PublicDailyReadiness"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicDailySleep_: {
                        data: components["schemas"]["PublicDailySleep"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicDailySpO2_: {
                        data: components["schemas"]["PublicDailySpO2"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicDailyStress_: {
                        data: components["schemas"]["PublicDailyStress"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicModifiedSleepModel_: {
                        data: components["schemas"]["PublicModifiedSleepModel"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicRestModePeriod_: {
                        data: components["schemas"]["PublicRestModePeriod"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicRingConfiguration_: {
                        data: components["schemas"]["PublicRingConfiguration"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicSession_: {
                        data: components["schemas"]["PublicSession"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicSleepTime_: {
                        data: components["schemas"]["PublicSleepTime"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicVO2Max_: {
                        data: components["schemas"]["PublicVO2Max"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_PublicWorkout_: {
                        data: components["schemas"]["PublicWorkout"][];
                        next_token: string | null;
        };
                MultiDocumentResponse_TagModel_: {
                        data: components["schemas"]["TagModel"][];
                        next_token: string | null;
        };
                PersonalInfoResponse: {
                        id: string;
                        age?: number | null;
                        weight?: number | null;
                        height?: number | null;
                        biological_sex?: string | null;
                        email?: string | null;
        };
                PublicActivityContributors: {
                        meet_daily_targets?: number | null;
                        move_every_hour?: number | null;
                        recovery_time?: number | null;
                        stay_active?: number | null;
                        training_frequency?: number | null;
                        training_volume?: number | null;
        };
                PublicDailyActivity: {
                        id: string;
                        active_calories: number;
                        average_met_minutes: number;
                        class_5_min?: string | null;
                        contributors: components["schemas"]["PublicActivityContributors"];
                        day: components["schemas"]["ISODate"];
                        equivalent_walking_distance: number;
                        high_activity_met_minutes: number;
                        high_activity_time: number;
                        inactivity_alerts: number;
                        low_activity_met_minutes: number;
                        low_activity_time: number;
                        medium_activity_met_minutes: number;
                        medium_activity_time: number;
                        met: components["schemas"]["PublicSample"];
                        meters_to_target: number;
                        non_wear_time: number;
                        resting_time: number;
                        score?: number | null;
                        sedentary_met_minutes: number;
                        sedentary_time: number;
                        steps: number;
                        target_calories: number;
                        target_meters: number;
                        timestamp: components["schemas"]["LocalizedDateTime"];
                        total_calories: number;
        };
                PublicDailyCardiovascularAge: {
                        id: string;
                        day: components["schemas"]["ISODate"];
                        pulse_wave_velocity?: number | null;
                        vascular_age?: number | null;
        };
                PublicDailyReadiness: {
                        id: string;
                        contributors: components["schemas"]["PublicReadinessContributors"];
                        day: components["schemas"]["ISODate"];
                        score?: number | null;
                        temperature_deviation?: number | null;
                        temperature_trend_deviation?: number | null;
                        timestamp: components["schemas"]["LocalizedDateTime"];
        };
                PublicDailySleep: {
                        id: string;
                        contributors: components["schemas"]["PublicSleepContributors"];
                        day: components["schemas"]["ISODate"];
                        score?: number | null;
                        timestamp: components["schemas"]["LocalizedDateTime"];
        };
                PublicDailySpO2: {
                        id: string;
                        breathing_disturbance_index?: number | null;
                        day: components["schemas"]["ISODate"];
                        spo2_percentage?: components["schemas"]["PublicSpo2AggregatedValues"] | null;
        };
                PublicDailyStress: {
                        id: string;
                        day: components["schemas"]["ISODate"];
                        day_summary?: components["schemas"]["PublicDailyStressSummary"] | null;
                        recovery_high?: number | null;
                        stress_high?: number | null;
        };
                PublicDailyStressSummary: "restored" | "normal" | "stressful";
                PublicHeartRateRow: {
                        timestamp: components["schemas"]["UtcDateTime"];
                        timestamp_unix: number;
                        bpm: number;
                        source: components["schemas"]["PublicHeartRateSource"];
        };
                PublicHeartRateSource: "awake" | "workout" | "rest" | "sleep" | "live" | "session";
                PublicModifiedSleepModel: {
                        id: string;
                        average_breath?: number | null;
                        average_heart_rate?: number | null;
                        average_hrv?: number | null;
                        awake_time?: number | null;
                        bedtime_end: components["schemas"]["LocalizedDateTime"];
                        bedtime_start: components["schemas"]["LocalizedDateTime"];
                        day: components["schemas"]["ISODate"];
                        deep_sleep_duration?: number | null;
                        efficiency?: number | null;
                        heart_rate?: components["schemas"]["PublicSample"] | null;
                        hrv?: components["schemas"]["PublicSample"] | null;
                        latency?: number | null;
                        light_sleep_duration?: number | null;
                        low_battery_alert: boolean;
                        lowest_heart_rate?: number | null;
                        movement_30_sec?: string | null;
                        period: number;
                        readiness?: components["schemas"]["PublicReadiness"] | null;
                        readiness_score_delta?: number | null;
                        rem_sleep_duration?: number | null;
                        restless_periods?: number | null;
                        sleep_algorithm_version?: components["schemas"]["PublicSleepAlgorithmVersion"] | null;
                        sleep_analysis_reason?: components["schemas"]["PublicSleepAnalysisReason"] | null;
                        sleep_phase_30_sec?: string | null;
                        sleep_phase_5_min?: string | null;
                        sleep_score_delta?: number | null;
                        time_in_bed: number;
                        total_sleep_duration?: number | null;
                        type?: components["schemas"]["PublicSleepType"] | null;
                        ring_id?: string | null;
                        app_sleep_phase_5_min?: string | null;
        };
                PublicMomentMood: "bad" | "worse" | "same" | "good" | "great";
                PublicMomentType: "breathing" | "meditation" | "nap" | "relaxation" | "rest" | "body_status";
                PublicReadiness: {
                        contributors: components["schemas"]["PublicReadinessContributors"];
                        score?: number | null;
                        temperature_deviation?: number | null;
                        temperature_trend_deviation?: number | null;
        };
                PublicReadinessContributors: {
                        activity_balance?: number | null;
                        body_temperature?: number | null;
                        hrv_balance?: number | null;
                        previous_day_activity?: number | null;
                        previous_night?: number | null;
                        recovery_index?: number | null;
                        resting_heart_rate?: number | null;
                        sleep_balance?: number | null;
                        sleep_regularity?: number | null;
        };
                PublicRestModeEpisode: {
                        tags: string[];
                        timestamp: components["schemas"]["LocalizedDateTime"];
        };
                PublicRestModePeriod: {
                        id: string;
                        end_day?: components["schemas"]["ISODate"] | null;
                        end_time?: components["schemas"]["LocalizedDateTime"] | null;
                        episodes: components["schemas"]["PublicRestModeEpisode"][];
                        start_day: components["schemas"]["ISODate"];
                        start_time?: components["schemas"]["LocalizedDateTime"] | null;
        };
                PublicRingBatteryLevelRow: {
                        timestamp: components["schemas"]["UtcDateTime"];
                        timestamp_unix: number;
                        charging?: boolean | null;
                        in_charger?: boolean | null;
                        level: number;
        };
                PublicRingColor: "brushed_silver" | "glossy_black" | "glossy_gold" | "glossy_white" | "gucci" | "matt_gold" | "rose" | "silver" | "stealth_black" | "titanium" | "titanium_and_gold" | "cloud" | "petal" | "midnight" | "tide" | "deep_rose";
                PublicRingConfiguration: {
                        id: string;
                        color?: components["schemas"]["PublicRingColor"] | null;
                        design?: components["schemas"]["PublicRingDesign"] | null;
                        firmware_version?: string | null;
                        hardware_type?: components["schemas"]["PublicRingHardwareType"] | null;
                        set_up_at?: components["schemas"]["UtcDateTime"] | null;
                        size?: number | null;
        };
                PublicRingDesign: "heritage" | "balance" | "balance_diamond" | "horizon" | "ceramic";
                PublicRingHardwareType: "gen1" | "gen2" | "gen2m" | "gen3" | "gen4" | "or5";
                PublicSample: {
                        interval: number;
                        items: components["schemas"]["Array_Union_float__NoneType__Bits64_"];
                        timestamp: components["schemas"]["LocalizedDateTime"];
        };
                PublicSession: {
                        id: string;
                        day: components["schemas"]["ISODate"];
                        end_datetime: components["schemas"]["LocalizedDateTime"];
                        heart_rate?: components["schemas"]["PublicSample"] | null;
                        heart_rate_variability?: components["schemas"]["PublicSample"] | null;
                        mood?: components["schemas"]["PublicMomentMood"] | null;
                        motion_count?: components["schemas"]["PublicSample"] | null;
                        start_datetime: components["schemas"]["LocalizedDateTime"];
                        type: components["schemas"]["PublicMomentType"];
        };
                PublicSleepAlgorithmVersion: "v1" | "v2";
                PublicSleepAnalysisReason: "foreground_sleep_analysis" | "bedtime_edit" | "background_sleep_analysis" | "background_created_foreground_updated";
                PublicSleepContributors: {
                        deep_sleep?: number | null;
                        efficiency?: number | null;
                        latency?: number | null;
                        rem_sleep?: number | null;
                        restfulness?: number | null;
                        timing?: number | null;
                        total_sleep?: number | null;
        };
                PublicSleepTime: {
                        id: string;
                        day: components["schemas"]["ISODate"];
                        optimal_bedtime?: components["schemas"]["PublicSleepTimeWindow"] | null;
                        recommendation?: components["schemas"]["PublicSleepTimeRecommendation"] | null;
                        status?: components["schemas"]["PublicSleepTimeStatus"] | null;
        };
                PublicSleepTimeRecommendation: "improve_efficiency" | "earlier_bedtime" | "later_bedtime" | "earlier_wake_up_time" | "later_wake_up_time" | "follow_optimal_bedtime";
                PublicSleepTimeStatus: "not_enough_nights" | "not_enough_recent_nights" | "bad_sleep_quality" | "only_recommended_found" | "optimal_found";
                PublicSleepTimeWindow: {
                        day_tz: number;
                        end_offset: number;
                        start_offset: number;
        };
                PublicSleepType: "deleted" | "sleep" | "long_sleep" | "late_nap" | "rest";
                PublicSpo2AggregatedValues: {
                        average: number;
        };
                PublicVO2Max: {
                        id: string;
                        day: components["schemas"]["ISODate"];
                        timestamp: components["schemas"]["LocalizedDateTime"];
                        vo2_max: number;
        };
                PublicWorkout: {
                        id: string;
                        activity: string;
                        calories?: number | null;
                        day: components["schemas"]["ISODate"];
                        distance?: number | null;
                        end_datetime: components["schemas"]["LocalizedDateTime"];
                        intensity: components["schemas"]["PublicWorkoutIntensity"];
                        label?: string | null;
                        source: components["schemas"]["PublicWorkoutSource"];
                        start_datetime: components["schemas"]["LocalizedDateTime"];
        };
                PublicWorkoutIntensity: "easy" | "moderate" | "hard";
                PublicWorkoutSource: "manual" | "autodetected" | "confirmed" | "workout_heart_rate";
                ResilienceContributors: {
                        sleep_recovery: number;
                        daytime_recovery: number;
                        stress: number;
        };
                TagModel: {
                        id: string;
                        day: string;
                        text: string | null;
                        timestamp: components["schemas"]["LocalDateTime"];
                        tags: string[];
        };
                TimeSeriesResponseDict: {
                        data: {
                [key: string]: unknown;
            }[];
                        next_token?: string | null;
        };
                TimeSeriesResponse_PublicHeartRateRow_: {
                        data: components["schemas"]["PublicHeartRateRow"][];
                        next_token?: string | null;
        };
                TimeSeriesResponse_PublicRingBatteryLevelRow_: {
                        data: components["schemas"]["PublicRingBatteryLevelRow"][];
                        next_token?: string | null;
        };
                UpdateWebhookSubscriptionRequest: {
                        verification_token: string;
                        callback_url?: string | null;
            event_type?: components["schemas"]["WebhookOperation"] | null;
            data_type?: components["schemas"]["ExtApiV2DataType"] | null;
        };
        UtcDateTime: string;
                ValidationError: {
                        loc: (string | number)[];
                        msg: string;
                        type: string;
                        input?: unknown;
                        ctx?: Record<string, never>;
        };
                WebhookOperation: "create" | "update" | "delete";
                WebhookSubscriptionModel: {
                        id: string;
                        callback_url: string;
            event_type: components["schemas"]["WebhookOperation"];
            data_type: components["schemas"]["ExtApiV2DataType"];
                        expiration_time: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    Sandbox___Multiple_daily_activity_Documents_v2_sandbox_usercollection_daily_activity_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailyActivity_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_daily_activity_Document_v2_sandbox_usercollection_daily_activity__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailyActivity"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_daily_cardiovascular_age_Documents_v2_sandbox_usercollection_daily_cardiovascular_age_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailyCardiovascularAge_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_daily_cardiovascular_age_Document_v2_sandbox_usercollection_daily_cardiovascular_age__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailyCardiovascularAge"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_daily_readiness_Documents_v2_sandbox_usercollection_daily_readiness_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailyReadiness_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_daily_readiness_Document_v2_sandbox_usercollection_daily_readiness__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailyReadiness"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_daily_resilience_Documents_v2_sandbox_usercollection_daily_resilience_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_DailyResilienceModel_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_daily_resilience_Document_v2_sandbox_usercollection_daily_resilience__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DailyResilienceModel"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_daily_sleep_Documents_v2_sandbox_usercollection_daily_sleep_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailySleep_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_daily_sleep_Document_v2_sandbox_usercollection_daily_sleep__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailySleep"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_daily_spo2_Documents_v2_sandbox_usercollection_daily_spo2_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailySpO2_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_daily_spo2_Document_v2_sandbox_usercollection_daily_spo2__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailySpO2"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_daily_stress_Documents_v2_sandbox_usercollection_daily_stress_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailyStress_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_daily_stress_Document_v2_sandbox_usercollection_daily_stress__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailyStress"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_enhanced_tag_Documents_v2_sandbox_usercollection_enhanced_tag_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_EnhancedTagModel_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_enhanced_tag_Document_v2_sandbox_usercollection_enhanced_tag__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnhancedTagModel"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_heartrate_Documents_v2_sandbox_usercollection_heartrate_get: {
        parameters: {
            query?: {
                start_datetime?: string | null;
                end_datetime?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeSeriesResponse_PublicHeartRateRow_"] | components["schemas"]["TimeSeriesResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_rest_mode_period_Documents_v2_sandbox_usercollection_rest_mode_period_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicRestModePeriod_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_rest_mode_period_Document_v2_sandbox_usercollection_rest_mode_period__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicRestModePeriod"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_ring_battery_level_Documents_v2_sandbox_usercollection_ring_battery_level_get: {
        parameters: {
            query?: {
                start_datetime?: string | null;
                end_datetime?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeSeriesResponse_PublicRingBatteryLevelRow_"] | components["schemas"]["TimeSeriesResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_ring_configuration_Documents_v2_sandbox_usercollection_ring_configuration_get: {
        parameters: {
            query?: {
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicRingConfiguration_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_ring_configuration_Document_v2_sandbox_usercollection_ring_configuration__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicRingConfiguration"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_session_Documents_v2_sandbox_usercollection_session_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicSession_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_session_Document_v2_sandbox_usercollection_session__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicSession"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_sleep_Documents_v2_sandbox_usercollection_sleep_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicModifiedSleepModel_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_sleep_Document_v2_sandbox_usercollection_sleep__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicModifiedSleepModel"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_sleep_time_Documents_v2_sandbox_usercollection_sleep_time_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicSleepTime_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_sleep_time_Document_v2_sandbox_usercollection_sleep_time__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicSleepTime"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_tag_Documents_v2_sandbox_usercollection_tag_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_TagModel_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_tag_Document_v2_sandbox_usercollection_tag__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagModel"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_vO2_max_Documents_v2_sandbox_usercollection_vO2_max_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicVO2Max_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_vO2_max_Document_v2_sandbox_usercollection_vO2_max__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicVO2Max"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Multiple_workout_Documents_v2_sandbox_usercollection_workout_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicWorkout_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Sandbox___Single_workout_Document_v2_sandbox_usercollection_workout__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicWorkout"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_daily_activity_Documents_v2_usercollection_daily_activity_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailyActivity_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_daily_activity_Document_v2_usercollection_daily_activity__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailyActivity"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_daily_cardiovascular_age_Documents_v2_usercollection_daily_cardiovascular_age_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailyCardiovascularAge_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_daily_cardiovascular_age_Document_v2_usercollection_daily_cardiovascular_age__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailyCardiovascularAge"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_daily_readiness_Documents_v2_usercollection_daily_readiness_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailyReadiness_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_daily_readiness_Document_v2_usercollection_daily_readiness__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailyReadiness"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_daily_resilience_Documents_v2_usercollection_daily_resilience_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_DailyResilienceModel_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_daily_resilience_Document_v2_usercollection_daily_resilience__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DailyResilienceModel"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_daily_sleep_Documents_v2_usercollection_daily_sleep_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailySleep_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_daily_sleep_Document_v2_usercollection_daily_sleep__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailySleep"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_daily_spo2_Documents_v2_usercollection_daily_spo2_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailySpO2_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_daily_spo2_Document_v2_usercollection_daily_spo2__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailySpO2"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_daily_stress_Documents_v2_usercollection_daily_stress_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicDailyStress_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_daily_stress_Document_v2_usercollection_daily_stress__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicDailyStress"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_enhanced_tag_Documents_v2_usercollection_enhanced_tag_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_EnhancedTagModel_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_enhanced_tag_Document_v2_usercollection_enhanced_tag__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EnhancedTagModel"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_heartrate_Documents_v2_usercollection_heartrate_get: {
        parameters: {
            query?: {
                start_datetime?: string | null;
                end_datetime?: string | null;
                next_token?: string | null;
                                latest?: boolean | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeSeriesResponse_PublicHeartRateRow_"] | components["schemas"]["TimeSeriesResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_Personal_Info_Document_v2_usercollection_personal_info_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PersonalInfoResponse"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_rest_mode_period_Documents_v2_usercollection_rest_mode_period_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicRestModePeriod_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_rest_mode_period_Document_v2_usercollection_rest_mode_period__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicRestModePeriod"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_ring_battery_level_Documents_v2_usercollection_ring_battery_level_get: {
        parameters: {
            query?: {
                start_datetime?: string | null;
                end_datetime?: string | null;
                next_token?: string | null;
                                latest?: boolean | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TimeSeriesResponse_PublicRingBatteryLevelRow_"] | components["schemas"]["TimeSeriesResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_ring_configuration_Documents_v2_usercollection_ring_configuration_get: {
        parameters: {
            query?: {
                                fields?: string | null;
                next_token?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicRingConfiguration_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_ring_configuration_Document_v2_usercollection_ring_configuration__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicRingConfiguration"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_session_Documents_v2_usercollection_session_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicSession_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_session_Document_v2_usercollection_session__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicSession"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_sleep_Documents_v2_usercollection_sleep_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicModifiedSleepModel_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_sleep_Document_v2_usercollection_sleep__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicModifiedSleepModel"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_sleep_time_Documents_v2_usercollection_sleep_time_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicSleepTime_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_sleep_time_Document_v2_usercollection_sleep_time__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicSleepTime"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_tag_Documents_v2_usercollection_tag_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_TagModel_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_tag_Document_v2_usercollection_tag__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TagModel"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_vO2_max_Documents_v2_usercollection_vO2_max_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicVO2Max_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_vO2_max_Document_v2_usercollection_vO2_max__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicVO2Max"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Multiple_workout_Documents_v2_usercollection_workout_get: {
        parameters: {
            query?: {
                start_date?: string | null;
                end_date?: string | null;
                next_token?: string | null;
                                fields?: string | null;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MultiDocumentResponse_PublicWorkout_"] | components["schemas"]["MultiDocumentResponseDict"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    Single_workout_Document_v2_usercollection_workout__document_id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                document_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PublicWorkout"];
                };
            };
                        400: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        401: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        404: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
                        429: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    list_webhook_subscriptions_v2_webhook_subscription_get: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionModel"][];
                };
            };
        };
    };
    create_webhook_subscription_v2_webhook_subscription_post: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookSubscriptionRequest"];
            };
        };
        responses: {
                        201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionModel"];
                };
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    renew_webhook_subscription_v2_webhook_subscription_renew__id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionModel"];
                };
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    get_webhook_subscription_v2_webhook_subscription__id__get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionModel"];
                };
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    update_webhook_subscription_v2_webhook_subscription__id__put: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookSubscriptionRequest"];
            };
        };
        responses: {
                        200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookSubscriptionModel"];
                };
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
    delete_webhook_subscription_v2_webhook_subscription__id__delete: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
                        204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        403: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
                        422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HTTPValidationError"];
                };
            };
        };
    };
}
