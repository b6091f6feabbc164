// Tokenizing: whitespace (including U+00A0), numbers, names, operators and their Unicode
// aliases. Positions are counted in characters so error messages line up with what people see.
#include "lexer.hpp"

#include "diagnostics.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <system_error>

namespace calculator::detail {
namespace {

std::size_t count_characters(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // skip continuation bytes
    }));
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

struct Spelling {
    std::string_view text;
    TokenKind kind;
};

// "**" precedes "*" so the longer spelling wins.
constexpr Spelling kSymbols[] = {
    {"**", TokenKind::power},      {"+", TokenKind::plus},         {"-", TokenKind::minus},
    {"\u2212", TokenKind::minus},  {"*", TokenKind::times},        {"\u00D7", TokenKind::times},
    {"/", TokenKind::divide},      {"\u00F7", TokenKind::divide},  {"%", TokenKind::modulo},
    {"^", TokenKind::power},       {"(", TokenKind::open_paren},   {")", TokenKind::close_paren},
    {",", TokenKind::comma},       {"\u03C0", TokenKind::name},
};

constexpr std::string_view kWhitespace[] = {" ", "\t", "\n", "\r", "\v", "\f", "\u00A0"};

// Decides whether a literal from_chars rejected as out of range is huge (an error) or merely
// tiny (it rounds to 0, the nearest double): compares the decimal exponent of its leading digit.
bool literal_is_huge(std::string_view literal) {
    const std::size_t e = literal.find_first_of("eE");
    const std::string_view mantissa = literal.substr(0, e);
    long long exponent = 0;
    if (e != std::string_view::npos) {
        std::size_t i = e + 1;
        const bool negative = literal[i] == '-';
        if (literal[i] == '+' || literal[i] == '-') ++i;
        for (; i < literal.size(); ++i) exponent = std::min(exponent * 10 + (literal[i] - '0'), 1'000'000LL);
        if (negative) exponent = -exponent;
    }
    const auto point = static_cast<long long>(std::min(mantissa.find('.'), mantissa.size()));
    const auto first = static_cast<long long>(mantissa.find_first_of("123456789"));
    const long long leading = first < point ? point - first - 1 : point - first;
    return leading + exponent > 0;
}

// Length of the well-formed UTF-8 sequence `text` starts with, or 0 if it is malformed.
std::size_t utf8_sequence_length(std::string_view text) {
    const auto byte = [text](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u; };
    const unsigned lead = byte(0);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned low = 0x80, high = 0xBF;  // allowed range of the second byte; excludes overlongs and surrogates
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) length = 3, low = lead == 0xE0 ? 0xA0 : 0x80, high = lead == 0xED ? 0x9F : 0xBF;
    else if (lead >= 0xF0 && lead <= 0xF4) length = 4, low = lead == 0xF0 ? 0x90 : 0x80, high = lead == 0xF4 ? 0x8F : 0xBF;
    if (length == 0 || byte(1) < low || byte(1) > high) return 0;
    for (std::size_t i = 2; i < length; ++i) {
        if ((byte(i) & 0xC0) != 0x80) return 0;
    }
    return length;
}

class Lexer {
public:
    explicit Lexer(std::string_view source) : source_(source) {}

    std::vector<Token> tokenize() {
        std::vector<Token> tokens;
        for (skip_whitespace(); offset_ < source_.size(); skip_whitespace()) tokens.push_back(next_token());
        tokens.push_back({TokenKind::end, {}, 0.0, characters_});
        return tokens;
    }

private:
    bool at(std::string_view text) const { return source_.compare(offset_, text.size(), text) == 0; }
    char peek() const { return offset_ < source_.size() ? source_[offset_] : '\0'; }

    void skip_whitespace() {
        for (bool skipped = true; skipped;) {
            skipped = false;
            for (std::string_view space : kWhitespace) {
                if (at(space)) {
                    offset_ += space.size();
                    ++characters_;
                    skipped = true;
                }
            }
        }
    }

    Token next_token() {
        const std::size_t start = offset_;
        const std::size_t position = characters_;
        if (is_digit(peek()) || peek() == '.') return lex_number();
        if (is_name_start(peek())) {
            while (is_name_char(peek())) ++offset_;
            characters_ += offset_ - start;
            return {TokenKind::name, source_.substr(start, offset_ - start), 0.0, position};
        }
        for (const Spelling& symbol : kSymbols) {
            if (at(symbol.text)) {
                offset_ += symbol.text.size();
                characters_ += count_characters(symbol.text);
                return {symbol.kind, symbol.text, 0.0, position};
            }
        }
        reject_character();
    }

    Token lex_number() {
        const std::size_t start = offset_;
        const std::size_t position = characters_;
        const auto skip_digits = [this] {
            const std::size_t first = offset_;
            while (is_digit(peek())) ++offset_;
            return offset_ - first;
        };
        std::size_t mantissa_digits = skip_digits();
        if (peek() == '.') {
            ++offset_;
            mantissa_digits += skip_digits();
        }
        if (mantissa_digits == 0) fail(EvalErrorKind::syntax, position, "unexpected '.'", "write decimals like 0.5 or .5");
        if (peek() == 'e' || peek() == 'E') {
            ++offset_;
            if (peek() == '+' || peek() == '-') ++offset_;
            if (skip_digits() == 0) {
                fail(EvalErrorKind::syntax, position, "malformed number " + quoted(source_.substr(start, offset_ - start)),
                     "an exponent needs digits, e.g. 1e3 or 2.5e-4");
            }
        }
        const std::string_view literal = source_.substr(start, offset_ - start);
        characters_ += literal.size();
        if (peek() == '_') {
            fail(EvalErrorKind::syntax, characters_, "'_' is not allowed in numbers", "write 1000000, not 1_000_000");
        }
        if (peek() == '.') {
            fail(EvalErrorKind::syntax, position, "malformed number " + quoted(source_.substr(start, offset_ - start + 1)),
                 "a number has at most one '.'");
        }
        double value = 0.0;
        // from_chars, unlike strtod, ignores the C locale's decimal separator.
        if (std::from_chars(literal.data(), literal.data() + literal.size(), value).ec == std::errc::result_out_of_range) {
            if (literal_is_huge(literal)) {
                fail(EvalErrorKind::overflow, position, "number " + quoted(literal) + " is too large",
                     "the largest representable number is about 1.8e308");
            }
            value = 0.0;
        }
        return {TokenKind::number, literal, value, position};
    }

    [[noreturn]] void reject_character() const {
        const auto byte = static_cast<unsigned char>(peek());
        if (byte < 0x20 || byte == 0x7F) {
            fail(EvalErrorKind::syntax, characters_, "unexpected control character (code " + std::to_string(byte) + ")");
        }
        const std::size_t length = utf8_sequence_length(source_.substr(offset_));
        if (length == 0) {
            // Echoing a broken sequence would make the message itself invalid UTF-8.
            fail(EvalErrorKind::syntax, characters_, "unexpected byte " + std::to_string(byte) + " (not valid UTF-8)");
        }
        const std::string_view character = source_.substr(offset_, length);
        std::string_view hint;
        if (character == "!") hint = "use fact(n) for factorials";
        if (character == "=") hint = "give only the expression, without '='";
        fail(EvalErrorKind::syntax, characters_, "unexpected character " + quoted(character), hint);
    }

    std::string_view source_;
    std::size_t offset_ = 0;      // in bytes
    std::size_t characters_ = 0;  // characters before offset_
};

}  // namespace

std::vector<Token> tokenize(std::string_view source) { return Lexer(source).tokenize(); }

}  // namespace calculator::detail
