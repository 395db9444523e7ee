//! The Connect stand-in answers the real `aws-sdk-connect` client: every operation the product
//! uses, called through the SDK and read back through its deserialisers, with every request's
//! `SigV4` signature verified.

use std::fmt::Write as _;
use std::future::Future;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_sdk_connect::Client;
use aws_sdk_connect::config::retry::RetryConfig;
use aws_sdk_connect::config::timeout::TimeoutConfig;
use aws_sdk_connect::config::{Credentials, Region};
use aws_sdk_connect::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_connect::types::{
    ContactFlowState, ContactFlowStatus, ContactFlowType, OutboundCallerConfig, PhoneNumberCountryCode,
    PhoneNumberType, QueueType,
};

use crate::standin::sigv4::{self, SignedRequest, SigningKeys};
use crate::standin::{self, Request, StandIn};

const WHISPER: &str = r#"{"Version":"2019-10-30","StartAction":"a","Actions":[{"Identifier":"a","Type":"EndFlowExecution","Parameters":{},"Transitions":{}}]}"#;

fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(future)
}

/// A client of the stand-in, configured in code only (no process-wide environment): three
/// attempts with a short backoff.
async fn client(standin: &StandIn) -> Client {
    let retry = RetryConfig::standard().with_max_attempts(3).with_initial_backoff(Duration::from_millis(5));
    client_with(standin, retry, TimeoutConfig::builder().build()).await
}

/// A client of the stand-in with these retries and timeouts.
async fn client_with(standin: &StandIn, retry: RetryConfig, timeout: TimeoutConfig) -> Client {
    let config = aws_config::defaults(BehaviorVersion::latest())
        .endpoint_url(standin.endpoint())
        .region(Region::new(standin.region().to_owned()))
        .credentials_provider(Credentials::new(
            standin::ACCESS_KEY_ID,
            standin::SECRET_ACCESS_KEY,
            None,
            None,
            "standin",
        ))
        .retry_config(retry)
        .timeout_config(timeout)
        .load()
        .await;
    Client::new(&config)
}

/// No request was refused for its signature or went to a route the stand-in does not serve.
fn assert_all_signed_and_known(standin: &StandIn) {
    let requests = standin.requests();
    assert!(!requests.is_empty());
    for request in &requests {
        assert_eq!(request.signature, Ok(()), "{} {} {}", request.operation, request.method, request.path);
        assert_ne!(request.operation, "Unknown", "{} {}", request.method, request.path);
    }
}

#[test]
fn describe_instance_reads_the_instance() {
    let standin = StandIn::start();
    block_on(async {
        let client = client(&standin).await;
        let out = client.describe_instance().instance_id(standin.instance_id()).send().await.unwrap();
        let instance = out.instance().unwrap();
        assert_eq!(instance.id(), Some(standin.instance_id()));
        assert_eq!(instance.arn(), Some(standin.instance_arn().as_str()));
        assert_eq!(instance.outbound_calls_enabled(), Some(true));
        assert!(instance.created_time().is_some());
    });
    let requests = standin.requests();
    assert_eq!(requests[0].operation, "DescribeInstance");
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, format!("/instance/{}", standin.instance_id()));
    assert_all_signed_and_known(&standin);
}

#[test]
fn a_wrong_instance_is_resource_not_found() {
    let standin = StandIn::start();
    block_on(async {
        let client = client(&standin).await;
        let error = client.describe_instance().instance_id("00000000-0000-0000-0000-000000000000").send().await;
        let error = error.unwrap_err().into_service_error();
        assert!(error.is_resource_not_found_exception(), "{error:?}");
    });
    assert_eq!(standin.requests()[0].status, 404);
    assert_all_signed_and_known(&standin);
}

#[test]
fn flows_are_listed_across_pages_filtered_by_type() {
    let standin = StandIn::start();
    standin.set_page_size(2);
    let whispers: Vec<String> =
        (0..5).map(|n| standin.add_flow(&format!("whisper {n}"), "OUTBOUND_WHISPER", "PUBLISHED", WHISPER)).collect();
    standin.add_flow("inbound", "CONTACT_FLOW", "PUBLISHED", WHISPER);
    block_on(async {
        let client = client(&standin).await;
        let listed = client
            .list_contact_flows()
            .instance_id(standin.instance_id())
            .contact_flow_types(ContactFlowType::OutboundWhisper)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .unwrap();
        let ids: Vec<&str> = listed.iter().filter_map(|f| f.id()).collect();
        assert_eq!(ids, whispers.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(listed[0].name(), Some("whisper 0"));
        assert_eq!(listed[0].contact_flow_type(), Some(&ContactFlowType::OutboundWhisper));
        assert_eq!(listed[0].contact_flow_status().map(ContactFlowStatus::as_str), Some("PUBLISHED"));
        let all = client.list_contact_flows().instance_id(standin.instance_id()).max_results(1).send().await.unwrap();
        assert_eq!(all.contact_flow_summary_list().len(), 1, "MaxResults below the page size wins");
        assert!(all.next_token().is_some());
    });
    let pages = standin.requests_for("ListContactFlows");
    assert_eq!(pages.len(), 4, "three pages of whispers, then one MaxResults call");
    assert!(pages[0].query_pairs().contains(&("contactFlowTypes".to_owned(), "OUTBOUND_WHISPER".to_owned())));
    assert!(pages[1].query_pairs().iter().any(|(name, _)| name == "nextToken"));
    assert_all_signed_and_known(&standin);
}

#[test]
fn describe_contact_flow_gives_content_as_a_string_with_its_hash() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    let before = standin.flow(&id).unwrap();
    block_on(async {
        let client = client(&standin).await;
        let describe = || client.describe_contact_flow().instance_id(standin.instance_id()).contact_flow_id(&id).send();
        let flow = describe().await.unwrap().contact_flow.unwrap();
        assert_eq!(flow.content(), Some(WHISPER));
        assert_eq!(flow.flow_content_sha256(), Some(sigv4::sha256_hex(WHISPER.as_bytes()).as_str()));
        assert_eq!(flow.name(), Some("whisper"));
        assert_eq!(flow.r#type(), Some(&ContactFlowType::OutboundWhisper));
        assert_eq!(flow.status().map(ContactFlowStatus::as_str), Some("PUBLISHED"));
        assert_eq!(flow.state().map(ContactFlowState::as_str), Some("ACTIVE"));
        assert_eq!(flow.arn(), Some(before.arn.as_str()));
        let first_time = flow.last_modified_time().unwrap().as_secs_f64();
        assert!((first_time - before.last_modified_secs).abs() < 0.002);

        let edited = WHISPER.replace("\"a\"", "\"b\"");
        standin.edit_flow_remotely(&id, &edited);
        let flow = describe().await.unwrap().contact_flow.unwrap();
        assert_eq!(flow.content(), Some(edited.as_str()));
        assert_eq!(flow.flow_content_sha256(), Some(sigv4::sha256_hex(edited.as_bytes()).as_str()));
        assert!(flow.last_modified_time().unwrap().as_secs_f64() > first_time);
    });
    assert_all_signed_and_known(&standin);
}

#[test]
fn phone_numbers_are_listed_across_pages_by_post() {
    let standin = StandIn::start();
    standin.set_page_size(2);
    let ids = [
        standin.add_number("+12065550100", "DID", "US"),
        standin.add_number("+18005550101", "TOLL_FREE", "US"),
        standin.add_number("+442071230102", "DID", "GB"),
    ];
    block_on(async {
        let client = client(&standin).await;
        let by_target = client
            .list_phone_numbers_v2()
            .target_arn(standin.instance_arn())
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .unwrap();
        let listed: Vec<&str> = by_target.iter().filter_map(|n| n.phone_number_id()).collect();
        assert_eq!(listed, ids.iter().map(String::as_str).collect::<Vec<_>>());
        assert_eq!(by_target[1].phone_number(), Some("+18005550101"));
        assert_eq!(by_target[1].phone_number_type(), Some(&PhoneNumberType::TollFree));
        assert_eq!(by_target[1].phone_number_country_code().map(PhoneNumberCountryCode::as_str), Some("US"));
        assert_eq!(by_target[1].target_arn(), Some(standin.instance_arn().as_str()));

        let dids = client
            .list_phone_numbers_v2()
            .instance_id(standin.instance_id())
            .phone_number_types(PhoneNumberType::Did)
            .send()
            .await
            .unwrap();
        assert_eq!(dids.list_phone_numbers_summary_list().len(), 2);
    });
    let first = &standin.requests_for("ListPhoneNumbersV2")[0];
    assert_eq!((first.method.as_str(), first.path.as_str()), ("POST", "/phone-number/list"));
    assert!(first.body.contains("TargetArn"), "{}", first.body);
    assert_all_signed_and_known(&standin);
}

#[test]
fn queues_are_listed_and_their_caller_config_read_and_updated() {
    let standin = StandIn::start();
    standin.set_page_size(2);
    let number = standin.add_number("+12065550100", "DID", "US");
    let whisper = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    let sales = standin.add_queue("Sales", Some(&number), Some("Sales"), Some(&whisper));
    let support = standin.add_queue("Support", None, None, None);
    let billing = standin.add_queue("Billing", None, None, None);
    block_on(async {
        let client = client(&standin).await;
        let queues = client
            .list_queues()
            .instance_id(standin.instance_id())
            .queue_types(QueueType::Standard)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .unwrap();
        let names: Vec<&str> = queues.iter().filter_map(|q| q.name()).collect();
        assert_eq!(names, ["Sales", "Support", "Billing"]);
        assert_eq!(queues[2].id(), Some(billing.as_str()));

        let queue = client
            .describe_queue()
            .instance_id(standin.instance_id())
            .queue_id(&sales)
            .send()
            .await
            .unwrap()
            .queue
            .unwrap();
        let caller = queue.outbound_caller_config().unwrap();
        assert_eq!(caller.outbound_caller_id_number_id(), Some(number.as_str()));
        assert_eq!(caller.outbound_caller_id_name(), Some("Sales"));
        assert_eq!(caller.outbound_flow_id(), Some(whisper.as_str()));

        client
            .update_queue_outbound_caller_config()
            .instance_id(standin.instance_id())
            .queue_id(&support)
            .outbound_caller_config(
                OutboundCallerConfig::builder()
                    .outbound_caller_id_number_id(&number)
                    .outbound_flow_id(&whisper)
                    .build(),
            )
            .send()
            .await
            .unwrap();
    });
    let support = standin.queue(&support).unwrap();
    assert_eq!(support.caller_id_number_id, Some(number.clone()));
    assert_eq!(support.outbound_flow_id, Some(whisper));
    assert_eq!(support.caller_id_name, None);
    let update = &standin.requests_for("UpdateQueueOutboundCallerConfig")[0];
    assert_eq!(update.method, "POST");
    assert!(update.path.ends_with("/outbound-caller-config"));
    assert_all_signed_and_known(&standin);
}

#[test]
fn lambdas_and_prompts_are_listed_across_pages() {
    let standin = StandIn::start();
    standin.set_page_size(2);
    let lambdas: Vec<String> =
        (0..3).map(|n| format!("arn:aws:lambda:eu-west-2:123456789012:function:caller-id-{n}")).collect();
    for arn in &lambdas {
        standin.add_lambda(arn);
    }
    let prompts: Vec<String> = ["Welcome.wav", "Hold.wav", "Bye.wav"].iter().map(|n| standin.add_prompt(n)).collect();
    block_on(async {
        let client = client(&standin).await;
        let listed = client
            .list_lambda_functions()
            .instance_id(standin.instance_id())
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .unwrap();
        assert_eq!(listed, lambdas);
        let listed = client
            .list_prompts()
            .instance_id(standin.instance_id())
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .unwrap();
        let ids: Vec<String> = listed.iter().filter_map(|p| p.id().map(str::to_owned)).collect();
        assert_eq!(ids, prompts);
        assert_eq!(listed[0].name(), Some("Welcome.wav"));
    });
    assert_eq!(standin.requests_for("ListLambdaFunctions").len(), 2);
    assert_eq!(standin.requests_for("ListPrompts").len(), 2);
    assert_all_signed_and_known(&standin);
}

#[test]
fn saving_to_the_saved_alias_changes_the_saved_content_only() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    let draft = WHISPER.replace("\"a\"", "\"draft\"");
    let published = WHISPER.replace("\"a\"", "\"published\"");
    block_on(async {
        let client = client(&standin).await;
        let saved_id = format!("{id}:$SAVED");
        client
            .update_contact_flow_content()
            .instance_id(standin.instance_id())
            .contact_flow_id(&saved_id)
            .content(&draft)
            .send()
            .await
            .unwrap();
        let flow = standin.flow(&id).unwrap();
        assert_eq!((flow.content.as_str(), flow.saved_content.as_deref()), (WHISPER, Some(draft.as_str())));

        let describe = |flow_id: &str| {
            client.describe_contact_flow().instance_id(standin.instance_id()).contact_flow_id(flow_id).send()
        };
        let plain = describe(&id).await.unwrap().contact_flow.unwrap();
        assert_eq!(plain.content(), Some(WHISPER));
        let saved = describe(&saved_id).await.unwrap().contact_flow.unwrap();
        assert_eq!(saved.content(), Some(draft.as_str()));
        assert_eq!(saved.status().map(ContactFlowStatus::as_str), Some("SAVED"));
        assert_eq!(saved.flow_content_sha256(), Some(sigv4::sha256_hex(draft.as_bytes()).as_str()));

        client
            .update_contact_flow_content()
            .instance_id(standin.instance_id())
            .contact_flow_id(&id)
            .content(&published)
            .send()
            .await
            .unwrap();
    });
    let flow = standin.flow(&id).unwrap();
    assert_eq!((flow.content.as_str(), flow.saved_content), (published.as_str(), None));
    assert_eq!(flow.sha256, sigv4::sha256_hex(published.as_bytes()));
    let updates = standin.requests_for("UpdateContactFlowContent");
    assert_eq!(updates[0].method, "POST");
    assert_eq!(updates[0].path, format!("/contact-flows/{}/{id}%3A%24SAVED/content", standin.instance_id()));
    assert_eq!(updates[1].path, format!("/contact-flows/{}/{id}/content", standin.instance_id()));
    assert_all_signed_and_known(&standin);
}

#[test]
fn create_contact_flow_answers_id_arn_and_hash() {
    let standin = StandIn::start();
    block_on(async {
        let client = client(&standin).await;
        let out = client
            .create_contact_flow()
            .instance_id(standin.instance_id())
            .name("new whisper")
            .r#type(ContactFlowType::OutboundWhisper)
            .description("made by a test")
            .content(WHISPER)
            .send()
            .await
            .unwrap();
        let id = out.contact_flow_id().unwrap();
        let flow = standin.flow(id).unwrap();
        assert_eq!(out.contact_flow_arn(), Some(flow.arn.as_str()));
        assert_eq!(out.flow_content_sha256(), Some(flow.sha256.as_str()));
        assert_eq!((flow.name.as_str(), flow.flow_type.as_str()), ("new whisper", "OUTBOUND_WHISPER"));
        assert_eq!((flow.status.as_str(), flow.description.as_str()), ("PUBLISHED", "made by a test"));

        let again = client
            .create_contact_flow()
            .instance_id(standin.instance_id())
            .name("new whisper")
            .r#type(ContactFlowType::OutboundWhisper)
            .content(WHISPER)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(again.is_duplicate_resource_exception(), "{again:?}");
    });
    let create = &standin.requests_for("CreateContactFlow")[0];
    assert_eq!(
        (create.method.as_str(), create.path.as_str()),
        ("PUT", "/contact-flows/11111111-2222-3333-4444-555555555555")
    );
    assert_all_signed_and_known(&standin);
}

#[test]
fn a_throttled_call_is_retried_and_succeeds() {
    let standin = StandIn::start();
    standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    standin.throttle("ListContactFlows", 1);
    block_on(async {
        let client = client(&standin).await;
        let out = client.list_contact_flows().instance_id(standin.instance_id()).send().await.unwrap();
        assert_eq!(out.contact_flow_summary_list().len(), 1);
    });
    let statuses: Vec<u16> = standin.requests_for("ListContactFlows").iter().map(|r| r.status).collect();
    assert_eq!(statuses, [429, 200]);
    assert_all_signed_and_known(&standin);
}

#[test]
fn throttling_past_the_retries_surfaces_as_throttling_exception() {
    let standin = StandIn::start();
    standin.throttle("DescribeQueue", 10);
    let queue = standin.add_queue("Sales", None, None, None);
    block_on(async {
        let client = client(&standin).await;
        let error = client.describe_queue().instance_id(standin.instance_id()).queue_id(&queue).send().await;
        let error = error.unwrap_err().into_service_error();
        assert!(error.is_throttling_exception(), "{error:?}");
    });
    assert_eq!(standin.requests_for("DescribeQueue").len(), 3, "max attempts");
    assert_all_signed_and_known(&standin);
}

#[test]
fn access_denied_carries_the_iam_message() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    standin.deny("ListPhoneNumbersV2");
    standin.deny("UpdateContactFlowContent");
    block_on(async {
        let client = client(&standin).await;
        // ListPhoneNumbersV2 models AccessDeniedException: it has its own variant.
        let error = client.list_phone_numbers_v2().target_arn(standin.instance_arn()).send().await;
        let error = error.unwrap_err().into_service_error();
        assert!(error.is_access_denied_exception(), "{error:?}");
        assert!(
            error.message().unwrap().starts_with(
                "User: arn:aws:iam::123456789012:user/test is not authorized to perform: connect:ListPhoneNumbersV2"
            ),
            "{error:?}"
        );
        // UpdateContactFlowContent does not model it: it is unhandled, known by its code.
        let error = client
            .update_contact_flow_content()
            .instance_id(standin.instance_id())
            .contact_flow_id(&id)
            .content(WHISPER)
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert_eq!(error.code(), Some("AccessDeniedException"));
        let message = error.message().unwrap();
        assert!(
            message.contains("connect:UpdateContactFlowContent on resource: arn:aws:connect:eu-west-2"),
            "{message}"
        );
        assert!(message.contains(&format!("/contact-flow/{id}")), "{message}");
    });
    assert!(standin.requests().iter().all(|r| r.status == 403));
    assert_all_signed_and_known(&standin);
}

#[test]
fn rejected_content_gives_problems_through_the_sdk_error() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    standin.reject_content(&["Block a: Invalid parameter", "StartAction is missing"]);
    block_on(async {
        let client = client(&standin).await;
        let update = client
            .update_contact_flow_content()
            .instance_id(standin.instance_id())
            .contact_flow_id(&id)
            .content("{\"changed\":true}")
            .send()
            .await;
        let aws_sdk_connect::operation::update_contact_flow_content::UpdateContactFlowContentError::InvalidContactFlowException(invalid) =
            update.unwrap_err().into_service_error()
        else {
            panic!("not InvalidContactFlowException");
        };
        let problems: Vec<&str> = invalid.problems().iter().filter_map(|p| p.message()).collect();
        assert_eq!(problems, ["Block a: Invalid parameter", "StartAction is missing"]);

        // Only the next call is rejected, and content that is not JSON always is.
        let create = client
            .create_contact_flow()
            .instance_id(standin.instance_id())
            .name("broken")
            .r#type(ContactFlowType::OutboundWhisper)
            .content("not json")
            .send()
            .await
            .unwrap_err()
            .into_service_error();
        assert!(create.is_invalid_contact_flow_exception(), "{create:?}");
    });
    assert_eq!(standin.flow(&id).unwrap().content, WHISPER);
    assert_eq!(standin.requests()[0].status, 400);
    assert_all_signed_and_known(&standin);
}

#[test]
fn concurrent_calls_are_answered_at_once() {
    let standin = StandIn::start();
    standin.set_latency(Duration::from_millis(150));
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    block_on(async {
        let client = client(&standin).await;
        let calls: Vec<_> = (0..4)
            .map(|_| {
                let call =
                    client.describe_contact_flow().instance_id(standin.instance_id()).contact_flow_id(&id).send();
                tokio::spawn(call)
            })
            .collect();
        for call in calls {
            call.await.unwrap().unwrap();
        }
        // Keep-alive: a second round reuses the connections.
        client.describe_instance().instance_id(standin.instance_id()).send().await.unwrap();
    });
    assert!(standin.max_in_flight() >= 2, "max in flight {}", standin.max_in_flight());
    assert_all_signed_and_known(&standin);
}

/// Sends raw bytes and returns the status line.
fn raw_exchange(endpoint: &str, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(endpoint.trim_start_matches("http://")).unwrap();
    stream.write_all(request).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response.lines().next().unwrap_or_default().to_owned()
}

/// A recorded request as bytes on the wire again, with `Connection: close` and a chunked body
/// (chunked wins over the recorded `Content-Length`, which stays because it is signed).
fn replay(request: &Request, body: &str) -> Vec<u8> {
    let target =
        if request.query.is_empty() { request.path.clone() } else { format!("{}?{}", request.path, request.query) };
    let mut text = format!("{} {target} HTTP/1.1\r\n", request.method);
    for (name, value) in &request.headers {
        if name != "connection" {
            let _ = write!(text, "{name}: {value}\r\n");
        }
    }
    text.push_str("transfer-encoding: chunked\r\nconnection: close\r\n\r\n");
    if !body.is_empty() {
        let _ = write!(text, "{:x}\r\n{body}\r\n", body.len());
    }
    text.push_str("0\r\n\r\n");
    text.into_bytes()
}

#[test]
fn the_signature_check_rejects_a_tampered_request() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    block_on(async {
        let client = client(&standin).await;
        let saved_id = format!("{id}:$SAVED");
        let update = client.update_contact_flow_content().instance_id(standin.instance_id()).contact_flow_id(saved_id);
        update.content(WHISPER).send().await.unwrap();
    });
    let original = standin.requests()[0].clone();
    assert_eq!(original.signature, Ok(()));

    let check = |request: &Request| {
        let signed = SignedRequest {
            method: &request.method,
            raw_path: &request.path,
            raw_query: &request.query,
            headers: &request.headers,
            body: request.body.as_bytes(),
        };
        sigv4::verify(&signed, standin.keys())
    };
    let mut tampered = original.clone();
    tampered.body = tampered.body.replace("EndFlowExecution", "EndFlowExecutioN");
    assert!(check(&tampered).unwrap_err().contains("signature mismatch"));
    let mut tampered = original.clone();
    tampered.path = tampered.path.replace("%24SAVED", "%24LATEST");
    assert!(check(&tampered).is_err());
    let wrong_region = SigningKeys { region: "us-east-1".to_owned(), ..standin.keys().clone() };
    let signed = SignedRequest {
        method: &original.method,
        raw_path: &original.path,
        raw_query: &original.query,
        headers: &original.headers,
        body: original.body.as_bytes(),
    };
    assert!(sigv4::verify(&signed, &wrong_region).unwrap_err().contains("region"));

    // Over the wire: the untouched replay (sent chunked) passes, the tampered one is refused.
    let status = raw_exchange(&standin.endpoint(), &replay(&original, &original.body));
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    let status = raw_exchange(&standin.endpoint(), &replay(&original, &original.body.replace('a', "b")));
    assert!(status.starts_with("HTTP/1.1 403"), "{status}");
    let last = standin.requests().pop().unwrap();
    assert!(last.signature.is_err());
}

#[test]
fn the_signature_check_passes_the_aws_get_vanilla_vector() {
    // From the AWS SigV4 test suite (get-vanilla-query-order-key-case).
    let headers = vec![
        ("host".to_owned(), "example.amazonaws.com".to_owned()),
        ("x-amz-date".to_owned(), "20150830T123600Z".to_owned()),
        (
            "authorization".to_owned(),
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
             SignedHeaders=host;x-amz-date, \
             Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"
                .to_owned(),
        ),
    ];
    let keys = SigningKeys {
        access_key_id: "AKIDEXAMPLE".to_owned(),
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY".to_owned(),
        region: "us-east-1".to_owned(),
        service: "service".to_owned(),
    };
    let request = SignedRequest {
        method: "GET",
        raw_path: "/",
        raw_query: "Param2=value2&Param1=value1",
        headers: &headers,
        body: b"",
    };
    assert_eq!(sigv4::verify(&request, &keys), Ok(()));
    let request = SignedRequest { raw_query: "Param2=value2&Param1=value0", ..request };
    assert!(sigv4::verify(&request, &keys).is_err());
}

#[test]
fn an_unknown_route_is_404_and_recorded() {
    let standin = StandIn::start();
    let status = raw_exchange(
        &standin.endpoint(),
        b"GET /users-summary/11111111-2222-3333-4444-555555555555 HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    );
    assert!(status.starts_with("HTTP/1.1 404"), "{status}");
    let request = &standin.requests()[0];
    assert_eq!(request.operation, "Unknown");
    assert!(request.signature.is_err());
}

/// A client that tries once.
async fn single_attempt_client(standin: &StandIn) -> Client {
    client_with(standin, RetryConfig::disabled(), TimeoutConfig::builder().build()).await
}

#[test]
fn a_silent_stand_in_reads_requests_but_never_answers_so_the_client_times_out() {
    let started = Instant::now();
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    standin.set_silent(true);
    block_on(async {
        let timeout = TimeoutConfig::builder()
            .operation_attempt_timeout(Duration::from_millis(300))
            .operation_timeout(Duration::from_secs(1))
            .build();
        let client = client_with(&standin, RetryConfig::disabled(), timeout).await;
        let error = client
            .update_contact_flow_content()
            .instance_id(standin.instance_id())
            .contact_flow_id(&id)
            .content(WHISPER.replace("\"a\"", "\"b\""))
            .send()
            .await
            .unwrap_err();
        assert!(matches!(error, SdkError::TimeoutError(_)), "{error:?}");
        assert_eq!(standin.flow(&id).unwrap().content, WHISPER, "a withheld call is not applied");

        // Silence over: the held connection is closed unanswered and new calls are answered.
        standin.set_silent(false);
        client.describe_contact_flow().instance_id(standin.instance_id()).contact_flow_id(&id).send().await.unwrap();
    });
    let statuses: Vec<(String, u16)> = standin.requests().into_iter().map(|r| (r.operation, r.status)).collect();
    assert_eq!(statuses, [("UpdateContactFlowContent".to_owned(), 0), ("DescribeContactFlow".to_owned(), 200)]);
    assert_all_signed_and_known(&standin);
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

#[test]
fn dropping_a_silent_stand_in_does_not_wait_for_its_held_connections() {
    let standin = StandIn::start();
    standin.set_silent(true);
    let endpoint = standin.endpoint();
    let request = format!("GET /instance/{} HTTP/1.1\r\nhost: x\r\n\r\n", standin.instance_id());
    let mut streams: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut stream = TcpStream::connect(endpoint.trim_start_matches("http://")).unwrap();
            stream.write_all(request.as_bytes()).unwrap();
            stream
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(1);
    while standin.requests().len() < 3 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(standin.requests().iter().map(|r| r.status).collect::<Vec<_>>(), [0, 0, 0]);
    let dropping = Instant::now();
    drop(standin);
    assert!(dropping.elapsed() < Duration::from_millis(500), "{:?}", dropping.elapsed());
    for stream in &mut streams {
        let mut answer = Vec::new();
        stream.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
        let _ = stream.read_to_end(&mut answer);
        assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    }
}

#[test]
fn cycling_tokens_answer_the_same_page_forever() {
    let standin = StandIn::start();
    standin.set_page_size(2);
    let ids: Vec<String> =
        (0..3).map(|n| standin.add_flow(&format!("whisper {n}"), "OUTBOUND_WHISPER", "PUBLISHED", WHISPER)).collect();
    standin.cycle_tokens("ListContactFlows");
    block_on(async {
        let client = client(&standin).await;
        let mut token: Option<String> = None;
        let mut tokens = Vec::new();
        for _ in 0..3 {
            let page = client
                .list_contact_flows()
                .instance_id(standin.instance_id())
                .set_next_token(token.clone())
                .send()
                .await
                .unwrap();
            let listed: Vec<&str> = page.contact_flow_summary_list().iter().filter_map(|f| f.id()).collect();
            assert_eq!(listed, [ids[0].as_str(), ids[1].as_str()]);
            token = page.next_token().map(str::to_owned);
            tokens.push(token.clone().unwrap());
        }
        assert_eq!(tokens, ["cycle-A", "cycle-B", "cycle-A"]);

        // Other list operations page as before.
        let queues = client.list_queues().instance_id(standin.instance_id()).send().await.unwrap();
        assert_eq!(queues.next_token(), None);
    });
    assert_all_signed_and_known(&standin);
}

#[test]
fn fail_next_answers_the_arranged_error_then_serves_again() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    standin.fail_next("DescribeContactFlow", 1, 500, "InternalServiceException");
    standin.fail_next("UpdateContactFlowContent", 1, 503, "ServiceUnavailableException");
    block_on(async {
        let client = single_attempt_client(&standin).await;
        let describe = || client.describe_contact_flow().instance_id(standin.instance_id()).contact_flow_id(&id).send();
        let error = describe().await.unwrap_err().into_service_error();
        assert!(error.is_internal_service_exception(), "{error:?}");
        assert_eq!(describe().await.unwrap().contact_flow.unwrap().content(), Some(WHISPER));

        let update = || {
            let update = client.update_contact_flow_content().instance_id(standin.instance_id());
            update.contact_flow_id(&id).content(WHISPER.replace("\"a\"", "\"b\"")).send()
        };
        let error = update().await.unwrap_err().into_service_error();
        assert_eq!(error.code(), Some("ServiceUnavailableException"), "{error:?}");
        assert_eq!(standin.flow(&id).unwrap().content, WHISPER, "a failed call changes nothing");
        update().await.unwrap();
    });
    let statuses: Vec<u16> = standin.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [500, 200, 503, 200]);
    let failed = &standin.requests()[0];
    assert_eq!(failed.operation, "DescribeContactFlow");
    assert_all_signed_and_known(&standin);
}

#[test]
fn fail_next_outlasting_the_retries_surfaces_after_every_attempt() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    standin.fail_next("DescribeContactFlow", 3, 500, "InternalServiceException");
    block_on(async {
        let client = client(&standin).await;
        let describe = || client.describe_contact_flow().instance_id(standin.instance_id()).contact_flow_id(&id).send();
        let error = describe().await.unwrap_err().into_service_error();
        assert!(error.is_internal_service_exception(), "{error:?}");
        describe().await.unwrap();
    });
    let statuses: Vec<u16> = standin.requests_for("DescribeContactFlow").iter().map(|r| r.status).collect();
    assert_eq!(statuses, [500, 500, 500, 200]);
}

#[test]
fn fail_after_applies_the_write_then_fails_the_reads() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    let edited = WHISPER.replace("\"a\"", "\"b\"");
    standin.fail_after("UpdateContactFlowContent", "DescribeContactFlow", 2);
    block_on(async {
        let client = single_attempt_client(&standin).await;
        let describe = || client.describe_contact_flow().instance_id(standin.instance_id()).contact_flow_id(&id).send();
        let update = |content: &str| {
            let update = client.update_contact_flow_content().instance_id(standin.instance_id());
            update.contact_flow_id(&id).content(content).send()
        };
        // A refused write does not trigger it.
        standin.reject_content(&["no"]);
        update(&edited).await.unwrap_err();
        describe().await.unwrap();

        update(&edited).await.unwrap();
        assert_eq!(standin.flow(&id).unwrap().content, edited, "the write is applied");
        for _ in 0..2 {
            let error = describe().await.unwrap_err().into_service_error();
            assert!(error.is_internal_service_exception(), "{error:?}");
        }
        let flow = describe().await.unwrap().contact_flow.unwrap();
        assert_eq!(flow.content(), Some(edited.as_str()));
    });
    let statuses: Vec<u16> = standin.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [400, 200, 200, 500, 500, 200]);
    assert_all_signed_and_known(&standin);
}

#[test]
fn a_cut_answer_is_an_sdk_error_yet_the_call_was_applied() {
    let standin = StandIn::start();
    standin.cut_answer("CreateContactFlow");
    block_on(async {
        let client = single_attempt_client(&standin).await;
        let create = || {
            let create = client.create_contact_flow().instance_id(standin.instance_id()).name("cut short");
            create.r#type(ContactFlowType::OutboundWhisper).content(WHISPER).send()
        };
        let error = create().await.unwrap_err();
        assert!(matches!(error, SdkError::ResponseError(_)), "the body ended early: {error:?}");
        let made = standin.flow_by_name("cut short");
        assert_eq!(made.len(), 1, "the flow was created");
        assert_eq!(made[0].content, WHISPER);

        // Only the next call is cut: the same create again meets the flow it made.
        let again = create().await.unwrap_err().into_service_error();
        assert!(again.is_duplicate_resource_exception(), "{again:?}");
    });
    let statuses: Vec<u16> = standin.requests_for("CreateContactFlow").iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 409]);
    assert_all_signed_and_known(&standin);
}

#[test]
fn a_cut_create_retried_by_the_sdk_meets_the_flow_it_made() {
    let standin = StandIn::start();
    standin.cut_answer("CreateContactFlow");
    block_on(async {
        let client = client(&standin).await;
        let create = client.create_contact_flow().instance_id(standin.instance_id()).name("cut short");
        let error = create.r#type(ContactFlowType::OutboundWhisper).content(WHISPER).send().await;
        let error = error.unwrap_err().into_service_error();
        assert!(error.is_duplicate_resource_exception(), "{error:?}");
    });
    let statuses: Vec<u16> = standin.requests_for("CreateContactFlow").iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 409], "the SDK retried the cut answer");
    assert_eq!(standin.flow_by_name("cut short").len(), 1);
}

#[test]
fn a_cut_answer_on_the_wire_has_the_whole_length_and_half_the_body() {
    let standin = StandIn::start();
    block_on(async {
        let client = client(&standin).await;
        client.describe_instance().instance_id(standin.instance_id()).send().await.unwrap();
    });
    let whole = standin.requests()[0].clone();
    standin.cut_answer("DescribeInstance");
    let mut stream = TcpStream::connect(standin.endpoint().trim_start_matches("http://")).unwrap();
    stream.write_all(&replay(&whole, "")).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("Content-Length: "))
        .map(|value| value.parse().unwrap())
        .unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(length > 100, "{head}");
    assert_eq!(body.len(), length / 2, "{body}");
    assert!(body.starts_with("{\"Instance\""), "{body}");
}

#[test]
fn a_draft_saved_on_a_published_flow_shows_only_through_saved_and_publishing_drops_it() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "PUBLISHED", WHISPER);
    let draft = WHISPER.replace("\"a\"", "\"draft\"");
    let published = WHISPER.replace("\"a\"", "\"published\"");
    standin.save_flow_draft_remotely(&id, &draft);
    let flow = standin.flow(&id).unwrap();
    assert_eq!((flow.status.as_str(), flow.saved_content.as_deref()), ("PUBLISHED", Some(draft.as_str())));
    block_on(async {
        let client = client(&standin).await;
        let describe = |flow_id: String| {
            client.describe_contact_flow().instance_id(standin.instance_id()).contact_flow_id(flow_id).send()
        };
        let plain = describe(id.clone()).await.unwrap().contact_flow.unwrap();
        assert_eq!(
            (plain.content(), plain.status().map(ContactFlowStatus::as_str)),
            (Some(WHISPER), Some("PUBLISHED"))
        );
        let by_arn = describe(format!("{}:$SAVED", flow.arn)).await.unwrap().contact_flow.unwrap();
        assert_eq!(
            (by_arn.content(), by_arn.status().map(ContactFlowStatus::as_str)),
            (Some(draft.as_str()), Some("SAVED"))
        );
        let listed = client.list_contact_flows().instance_id(standin.instance_id()).send().await.unwrap();
        let status = listed.contact_flow_summary_list()[0].contact_flow_status();
        assert_eq!(status.map(ContactFlowStatus::as_str), Some("PUBLISHED"));

        let update = client.update_contact_flow_content().instance_id(standin.instance_id()).contact_flow_id(&id);
        update.content(&published).send().await.unwrap();
        let saved = describe(format!("{id}:$SAVED")).await.unwrap().contact_flow.unwrap();
        assert_eq!(saved.content(), Some(published.as_str()), "no draft left: $SAVED shows the published version");
        assert_eq!(saved.status().map(ContactFlowStatus::as_str), Some("PUBLISHED"));
        assert_eq!(saved.flow_content_sha256(), Some(sigv4::sha256_hex(published.as_bytes()).as_str()));
    });
    let flow = standin.flow(&id).unwrap();
    assert_eq!((flow.content.as_str(), flow.saved_content), (published.as_str(), None));
    assert_all_signed_and_known(&standin);
}

#[test]
fn a_never_published_flow_is_saved_in_place_until_published() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "SAVED", WHISPER);
    let saved = WHISPER.replace("\"a\"", "\"saved\"");
    let published = WHISPER.replace("\"a\"", "\"published\"");
    block_on(async {
        let client = client(&standin).await;
        let update = |flow_id: String, content: &str| {
            let update = client.update_contact_flow_content().instance_id(standin.instance_id());
            update.contact_flow_id(flow_id).content(content).send()
        };
        update(format!("{id}:$SAVED"), &saved).await.unwrap();
        let flow = standin.flow(&id).unwrap();
        assert_eq!((flow.status.as_str(), flow.content.as_str()), ("SAVED", saved.as_str()));
        assert_eq!((flow.saved_content, flow.sha256), (None, sigv4::sha256_hex(saved.as_bytes())));
        let plain = client
            .describe_contact_flow()
            .instance_id(standin.instance_id())
            .contact_flow_id(&id)
            .send()
            .await
            .unwrap()
            .contact_flow
            .unwrap();
        assert_eq!(
            (plain.content(), plain.status().map(ContactFlowStatus::as_str)),
            (Some(saved.as_str()), Some("SAVED"))
        );
        let listed = client.list_contact_flows().instance_id(standin.instance_id()).send().await.unwrap();
        let status = listed.contact_flow_summary_list()[0].contact_flow_status();
        assert_eq!(status.map(ContactFlowStatus::as_str), Some("SAVED"));

        update(id.clone(), &published).await.unwrap();
    });
    let flow = standin.flow(&id).unwrap();
    assert_eq!((flow.status.as_str(), flow.content.as_str()), ("PUBLISHED", published.as_str()));
    assert_all_signed_and_known(&standin);
}

#[test]
fn console_edits_rename_publish_and_set_the_caller_config_with_new_times() {
    let standin = StandIn::start();
    let id = standin.add_flow("whisper", "OUTBOUND_WHISPER", "SAVED", WHISPER);
    let number = standin.add_number("+12065550100", "DID", "US");
    let queue = standin.add_queue("Sales", Some(&number), Some("Sales"), Some(&id));
    let before = (standin.flow(&id).unwrap(), standin.queue(&queue).unwrap());

    standin.rename_flow_remotely(&id, "renamed");
    let renamed = standin.flow(&id).unwrap();
    assert_eq!(renamed.name, "renamed");
    assert!(renamed.last_modified_secs > before.0.last_modified_secs);
    standin.edit_flow_remotely(&id, "{}");
    let edited = standin.flow(&id).unwrap();
    assert_eq!((edited.status.as_str(), edited.content.as_str()), ("PUBLISHED", "{}"));
    assert!(edited.last_modified_secs > renamed.last_modified_secs);

    standin.set_queue_caller_remotely(&queue, None, Some("Support"), None);
    let changed = standin.queue(&queue).unwrap();
    assert_eq!(
        (changed.caller_id_number_id, changed.caller_id_name, changed.outbound_flow_id),
        (None, Some("Support".to_owned()), None)
    );
    assert!(changed.last_modified_secs > before.1.last_modified_secs);
}

#[test]
fn remote_names_may_hold_any_text_and_repeat() {
    let standin = StandIn::start();
    let cjk: String = "外呼耳语流程".chars().cycle().take(100).collect();
    let names = ["\u{1b}[1A\u{1b}[2K", "two\nlines", cjk.as_str(), "whisper", "whisper"];
    let ids: Vec<String> =
        names.iter().map(|name| standin.add_flow(name, "OUTBOUND_WHISPER", "PUBLISHED", WHISPER)).collect();
    assert_eq!(standin.flow_by_name("whisper").len(), 2);
    standin.rename_flow_remotely(&ids[0], "two\nlines");
    assert_eq!(standin.flow_by_name("two\nlines").len(), 2);
    block_on(async {
        let client = client(&standin).await;
        let listed = client.list_contact_flows().instance_id(standin.instance_id()).send().await.unwrap();
        let listed: Vec<&str> = listed.contact_flow_summary_list().iter().filter_map(|f| f.name()).collect();
        assert_eq!(listed, ["two\nlines", "two\nlines", cjk.as_str(), "whisper", "whisper"]);

        let create = |name: &str| {
            let create = client.create_contact_flow().instance_id(standin.instance_id()).name(name);
            create.r#type(ContactFlowType::OutboundWhisper).content(WHISPER).send()
        };
        let error = create(&cjk).await.unwrap_err().into_service_error();
        assert!(error.is_duplicate_resource_exception(), "{error:?}");
        let made = create("\u{1b}[1A\ttab").await.unwrap();
        let made = standin.flow(made.contact_flow_id().unwrap()).unwrap();
        assert_eq!(made.name, "\u{1b}[1A\ttab");
    });
    assert_all_signed_and_known(&standin);
}
