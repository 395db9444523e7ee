//! The sample workspace: canonical files, Amazon Connect's format, numbers the instance owns.

use whisperwire::flow_json;
use whisperwire::model::{ActionKind, CallerId, FlowType};
use whisperwire::phone::PhoneNumber;
use whisperwire::workspace::folder::{Workspace, sample_workspace};

use crate::support::{stderr, whisperwire};

#[test]
fn every_sample_flow_is_canonical_and_an_outbound_whisper_flow() {
    let workspace = Workspace::open(&sample_workspace().unwrap()).unwrap();
    assert_eq!(workspace.flows.len(), 4);
    for flow in &workspace.flows {
        let check = whisperwire(&["fmt", "--check", flow.path.to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(0), "{}: {}", flow.path.display(), stderr(&check));
        let raw: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&flow.path).unwrap()).unwrap();
        assert_eq!(raw["Version"], "2019-10-30");
        assert_eq!(raw["Metadata"]["type"], "outboundWhisper");
        assert_eq!(flow.doc.flow.flow_type, Some(FlowType::OutboundWhisper));
        assert!(flow.doc.flow.start.is_some());
        assert_eq!(flow_json::to_value(&flow.doc), raw);
    }
}

#[test]
fn static_caller_ids_in_the_correct_samples_are_instance_numbers() {
    let workspace = Workspace::open(&sample_workspace().unwrap()).unwrap();
    let instance = workspace.instance.as_ref().unwrap();
    let mut static_numbers = 0;
    for flow in workspace.flows.iter().filter(|f| f.name() != "with-mistakes") {
        for action in &flow.doc.flow.actions {
            if let ActionKind::CompleteOutboundCall { caller_id: CallerId::Number(number) } = &action.kind {
                let number = PhoneNumber::parse_e164(number).unwrap();
                assert!(instance.owns_number(&number), "{}: {number} is not the instance's", flow.name());
                static_numbers += 1;
            }
        }
    }
    assert_eq!(static_numbers, 1);
}
