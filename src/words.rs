//! Small wording helpers shared by the command line and the window.

/// `1 error`, `2 errors`: a count with its noun, plural when it is not one.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

#[cfg(test)]
mod tests {
    #[test]
    fn one_is_singular_and_the_rest_plural() {
        assert_eq!(super::count(0, "error"), "0 errors");
        assert_eq!(super::count(1, "error"), "1 error");
        assert_eq!(super::count(2, "phone number"), "2 phone numbers");
    }
}
