//! From a string in a source flow to the target's resource: which source resource the string
//! names (by the source inventory and link), which target resource it becomes (the map file
//! first, else the same name; phone numbers by the same E.164 number, else the same
//! description), and the target's value written as the source's was (ARN, id or E.164). Never a
//! guess: anything else is unresolved, with the reason.

use super::map_file::MapFile;
use super::refs::{Arn, Form, Kind};
use crate::instance::{Instance, InstanceNumber};
use crate::phone::PhoneNumber;
use crate::workspace::link::Link;

/// One side of a promotion: an instance inventory and the workspace's link, if any.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    pub instance: &'a Instance,
    pub link: Option<&'a Link>,
}

/// A resource of the source instance, as a flow or a queue names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub kind: Kind,
    /// How the map file and the preview name it: its name (a number: its E.164 form), else its
    /// id or ARN.
    pub key: String,
    /// Its name in the source instance, when known (what a same-name match uses).
    pub name: Option<String>,
    /// Other ways a map file may name it: id, ARN, description.
    pub aliases: Vec<String>,
    /// A phone number's E.164 number and description.
    pub number: Option<(PhoneNumber, Option<String>)>,
}

/// A resource of the target instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// Its name (a number: its E.164 form; a resource outside the inventory: as the map wrote it).
    pub display: String,
    pub id: Option<String>,
    pub arn: Option<String>,
    pub e164: Option<String>,
}

/// How a target was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    MapFile,
    SameName,
    SameNumber,
    SameDescription,
    Link,
}

impl Via {
    pub fn label(self) -> &'static str {
        match self {
            Via::MapFile => "map file",
            Via::SameName => "same name",
            Via::SameNumber => "same number",
            Via::SameDescription => "same description",
            Via::Link => "workspace link",
        }
    }
}

/// What became of a source resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Mapped { target: Resolved, via: Via },
    Unresolved(String),
}

impl Source {
    fn named(kind: Kind, name: &str, aliases: Vec<Option<&String>>) -> Self {
        Self {
            kind,
            key: name.to_owned(),
            name: Some(name.to_owned()),
            aliases: aliases.into_iter().flatten().cloned().collect(),
            number: None,
        }
    }

    fn nameless(kind: Kind, key: &str, aliases: &[&str]) -> Self {
        let aliases = aliases.iter().filter(|a| **a != key).map(|a| (*a).to_owned()).collect();
        Self { kind, key: key.to_owned(), name: None, aliases, number: None }
    }

    /// A number of the source instance.
    pub fn of_number(number: &InstanceNumber) -> Self {
        let mut source = Self::named(
            Kind::PhoneNumber,
            number.number.as_str(),
            vec![number.id.as_ref(), number.arn.as_ref(), number.description.as_ref()],
        );
        source.number = Some((number.number.clone(), number.description.clone()));
        source
    }

    /// A number the source instance does not list (a queue may still hold one): matched only
    /// by the same E.164 number or the map file.
    pub fn of_bare_number(number: &PhoneNumber) -> Self {
        let mut source = Self::named(Kind::PhoneNumber, number.as_str(), Vec::new());
        source.number = Some((number.clone(), None));
        source
    }

    /// A queue of the source instance.
    pub fn of_queue(queue: &crate::instance::Queue) -> Self {
        Self::named(Kind::Queue, &queue.name, vec![queue.id.as_ref(), queue.arn.as_ref()])
    }
}

/// Which source resource `text` names, and how it is written; `None` when it names none (plain
/// text, an attribute path, a number the source instance does not own).
pub fn identify(text: &str, source: Side<'_>) -> Option<(Source, Form)> {
    let inventory = source.instance;
    if let Some(arn) = Arn::parse(text) {
        let (kind, id, qualifier) = arn.target();
        let form = Form::Arn { qualifier: qualifier.map(str::to_owned) };
        let found = match kind {
            Kind::PhoneNumber => inventory.number_by_arn(text).map(Source::of_number),
            Kind::Queue => inventory
                .queues
                .iter()
                .find(|q| q.arn.as_deref() == Some(text) || q.id.as_deref() == Some(id))
                .map(Source::of_queue),
            Kind::Lambda => Some(match inventory.lambda(text) {
                Some(l) => Source::named(Kind::Lambda, &l.name, vec![Some(&l.arn)]),
                // The ARN says the function's name: that is no guess.
                None => Source::named(Kind::Lambda, id, vec![Some(&text.to_owned())]),
            }),
            Kind::Prompt => inventory
                .prompts
                .iter()
                .find(|p| p.arn.as_deref() == Some(text) || p.id.as_deref() == Some(id))
                .map(|p| Source::named(Kind::Prompt, &p.name, vec![p.id.as_ref(), p.arn.as_ref()])),
            Kind::Flow => source
                .link
                .and_then(|link| link.flows.get(id).map(|f| (link, f)))
                .map(|(_, f)| Source::named(Kind::Flow, &f.name, vec![Some(&id.to_owned()), Some(&f.arn)])),
            Kind::Hours | Kind::Instance | Kind::Other => None,
        };
        return Some((found.unwrap_or_else(|| Source::nameless(kind, text, &[id])), form));
    }
    if text.starts_with('+') {
        let number = PhoneNumber::parse_e164(text).ok()?;
        return inventory.number(&number).map(|n| (Source::of_number(n), Form::E164));
    }
    identify_id(text, source).map(|s| (s, Form::Id))
}

/// A bare id the source instance or its link knows.
fn identify_id(text: &str, source: Side<'_>) -> Option<Source> {
    if text.len() < 8 || !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return None;
    }
    let inventory = source.instance;
    if let Some(number) = inventory.number_by_id(text) {
        return Some(Source::of_number(number));
    }
    if let Some(queue) = inventory.queues.iter().find(|q| q.id.as_deref() == Some(text)) {
        return Some(Source::of_queue(queue));
    }
    if let Some(p) = inventory.prompts.iter().find(|p| p.id.as_deref() == Some(text)) {
        return Some(Source::named(Kind::Prompt, &p.name, vec![p.id.as_ref(), p.arn.as_ref()]));
    }
    let link = source.link?;
    if let Some(flow) = link.flows.get(text) {
        return Some(Source::named(Kind::Flow, &flow.name, vec![Some(&text.to_owned()), Some(&flow.arn)]));
    }
    (link.instance_id == text).then(|| Source::nameless(Kind::Instance, text, &[&link.instance_arn]))
}

/// The target resource for `source`: the map file's entry first, else the same name (numbers:
/// the same E.164 number, else the same description).
pub fn resolve(source: &Source, target: Side<'_>, map: &MapFile) -> Resolution {
    let mut keys: Vec<&str> = vec![source.key.as_str()];
    keys.extend(source.aliases.iter().map(String::as_str));
    if let Some((_, value)) = map.lookup(source.kind, &keys) {
        if value.is_empty() {
            return Resolution::Unresolved("left blank in the map file".to_owned());
        }
        return match find(source.kind, value, target) {
            Some(found) => Resolution::Mapped { target: found, via: Via::MapFile },
            None if matches!(source.kind, Kind::Hours | Kind::Other | Kind::Instance) => Resolution::Mapped {
                target: Resolved { display: value.to_owned(), id: None, arn: None, e164: None },
                via: Via::MapFile,
            },
            None => Resolution::Unresolved(format!(
                "the map file names {}, which the target instance has no {} of",
                crate::words::quoted(value),
                source.kind.label()
            )),
        };
    }
    match source.kind {
        Kind::PhoneNumber => resolve_number(source, target),
        Kind::Instance => match target.link {
            Some(link) => Resolution::Mapped {
                target: Resolved {
                    display: link.instance_arn.clone(),
                    id: Some(link.instance_id.clone()),
                    arn: Some(link.instance_arn.clone()),
                    e164: None,
                },
                via: Via::Link,
            },
            None => Resolution::Unresolved("the target workspace is not linked to an instance (pull it)".to_owned()),
        },
        _ => match &source.name {
            Some(name) => match find(source.kind, name, target) {
                Some(found) => Resolution::Mapped { target: found, via: Via::SameName },
                None if source.kind == Kind::Flow => Resolution::Unresolved(format!(
                    "the target workspace has no flow named {} in Amazon Connect (promote and publish it first, or map it)",
                    crate::words::quoted(name)
                )),
                None => Resolution::Unresolved(format!(
                    "the target instance has no {} named {}",
                    source.kind.label(),
                    crate::words::quoted(name)
                )),
            },
            None => Resolution::Unresolved(format!(
                "not in the source instance's inventory; map it by id or ARN in the map file ({})",
                source.kind.map_key()
            )),
        },
    }
}

fn resolve_number(source: &Source, target: Side<'_>) -> Resolution {
    let Some((number, description)) = &source.number else {
        return Resolution::Unresolved(
            "not a number of the source instance's inventory; map it in the map file (phoneNumbers)".to_owned(),
        );
    };
    if let Some(same) = target.instance.number(number) {
        return Resolution::Mapped { target: resolved_number(same), via: Via::SameNumber };
    }
    if let Some(found) = description.as_deref().and_then(|d| by_description(target.instance, d)) {
        return Resolution::Mapped { target: resolved_number(found), via: Via::SameDescription };
    }
    Resolution::Unresolved("the target instance has no number with the same E.164 number or description".to_owned())
}

/// The one target number with this description (none when two share it).
fn by_description<'a>(instance: &'a Instance, description: &str) -> Option<&'a InstanceNumber> {
    let wanted = description.trim();
    if wanted.is_empty() {
        return None;
    }
    let mut matching =
        instance.phone_numbers.iter().filter(|n| n.description.as_deref().map(str::trim) == Some(wanted));
    let first = matching.next()?;
    matching.next().is_none().then_some(first)
}

fn resolved_number(number: &InstanceNumber) -> Resolved {
    Resolved {
        display: number.number.to_string(),
        id: number.id.clone(),
        arn: number.arn.clone(),
        e164: Some(number.number.to_string()),
    }
}

/// The target resource of `kind` that `text` names (name, id or ARN; a number also by E.164
/// or description).
pub fn find(kind: Kind, text: &str, target: Side<'_>) -> Option<Resolved> {
    let inventory = target.instance;
    match kind {
        Kind::PhoneNumber => {
            inventory.resolve_number(text).or_else(|| by_description(inventory, text)).map(resolved_number)
        }
        Kind::Queue => inventory
            .queues
            .iter()
            .find(|q| q.name == text || q.id.as_deref() == Some(text) || q.arn.as_deref() == Some(text))
            .map(|q| Resolved { display: q.name.clone(), id: q.id.clone(), arn: q.arn.clone(), e164: None }),
        Kind::Lambda => inventory.lambda(text).map(|l| Resolved {
            display: l.name.clone(),
            id: None,
            arn: Some(l.arn.clone()),
            e164: None,
        }),
        Kind::Prompt => inventory.prompt(text).map(|p| Resolved {
            display: p.name.clone(),
            id: p.id.clone(),
            arn: p.arn.clone(),
            e164: None,
        }),
        Kind::Flow => {
            target.link.and_then(|link| {
                link.flows.iter().find(|(id, f)| f.name == text || *id == text || f.arn == text).map(|(id, f)| {
                    Resolved { display: f.name.clone(), id: Some(id.clone()), arn: Some(f.arn.clone()), e164: None }
                })
            })
        }
        Kind::Instance => target.link.filter(|l| l.instance_id == text || l.instance_arn == text).map(|l| Resolved {
            display: l.instance_arn.clone(),
            id: Some(l.instance_id.clone()),
            arn: Some(l.instance_arn.clone()),
            e164: None,
        }),
        Kind::Hours | Kind::Other => None,
    }
}

/// The target's value written as the source's was; `Err` says what the target lacks.
pub fn render(kind: Kind, target: &Resolved, form: &Form, side: Side<'_>) -> Result<String, String> {
    let verbatim = target.id.is_none() && target.arn.is_none() && target.e164.is_none();
    if verbatim {
        return Ok(render_verbatim(kind, &target.display, form, side));
    }
    match form {
        Form::E164 => target.e164.clone().ok_or_else(|| "the target has no E.164 number".to_owned()),
        Form::Id => target
            .id
            .clone()
            .or_else(|| target.arn.as_deref().and_then(Arn::parse).map(|a| a.target().1.to_owned()))
            .ok_or_else(|| format!("the target {} has no id in instance.json (pull the target again)", kind.label())),
        Form::Arn { qualifier } => {
            let arn = target.arn.clone().or_else(|| built_arn(kind, target.id.as_deref()?, side)).ok_or_else(|| {
                format!("the target {} has no ARN in instance.json (pull the target again)", kind.label())
            })?;
            match qualifier {
                Some(q) if kind == Kind::Lambda && Arn::parse(&arn).is_some_and(|a| a.target().2.is_none()) => {
                    Ok(format!("{arn}:{q}"))
                }
                _ => Ok(arn),
            }
        }
    }
}

/// A map file's value for a resource outside the inventory, in the source's form.
fn render_verbatim(kind: Kind, value: &str, form: &Form, side: Side<'_>) -> String {
    let parsed = Arn::parse(value);
    match (form, parsed) {
        (Form::Arn { .. }, None) => built_arn(kind, value, side).unwrap_or_else(|| value.to_owned()),
        (Form::Id, Some(arn)) => arn.target().1.to_owned(),
        _ => value.to_owned(),
    }
}

/// An ARN for a target resource known only by id, from the target link's instance ARN.
fn built_arn(kind: Kind, id: &str, side: Side<'_>) -> Option<String> {
    let instance_arn = &side.link?.instance_arn;
    let parts = Arn::parse(instance_arn)?;
    let segment = match kind {
        Kind::PhoneNumber => {
            return Some(format!(
                "arn:{}:connect:{}:{}:phone-number/{id}",
                parts.partition, parts.region, parts.account
            ));
        }
        Kind::Queue => "queue",
        Kind::Prompt => "prompt",
        Kind::Flow => "contact-flow",
        Kind::Hours => "operating-hours",
        Kind::Lambda | Kind::Instance | Kind::Other => return None,
    };
    Some(format!("{instance_arn}/{segment}/{id}"))
}
