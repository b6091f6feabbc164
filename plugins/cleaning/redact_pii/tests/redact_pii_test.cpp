// redact_pii through the SDK's FakeHost, loaded from the built .so as the host loads it.
#include "agenthost/testing/cleaning.hpp"

#include <gtest/gtest.h>

#include <string>

#ifndef PLUGIN_PATH
#error "PLUGIN_PATH must name the built redact_pii plugin"
#endif

namespace {

using agenthost::testing::CallResult;
using agenthost::testing::CleaningStepTest;
using agenthost::testing::metadata_of;

class RedactPii : public CleaningStepTest {
protected:
  RedactPii() : CleaningStepTest(PLUGIN_PATH, "redact_pii", DATA_DIR) {}
};

TEST_F(RedactPii, DeclaresAThreadSafeCleaningStep) {
  expect_thread_safe_cleaning_step();
}

TEST_F(RedactPii, RedactsASupportTicket) {
  const CallResult r = run_ok(read_data("support_tickets.txt"));
  EXPECT_EQ(r.result(),
            "Ticket #48213 \xe2\x80\x94 opened 2026-03-14 by Jane Doe ([EMAIL]).\n"
            "\n"
            "Jane wrote: \"Please charge my Visa [CARD] instead of the old card\n"
            "4111-1111-1111-1112, which was cancelled. You can also reach me at [PHONE]\n"
            "or on my mobile [PHONE] between 9:30 and 17:00.\"\n"
            "\n"
            "Agent note (14.03.2026): refund of 1 250 000 IDR approved. Order id 5551234567890,\n"
            "invoice INV-2026-0042. Amex on file: [CARD]. Old address [EMAIL]\n"
            "is retired; write to [EMAIL]. Office: [PHONE],\n"
            "Paris desk [PHONE], US [PHONE] or [PHONE]. Server 192.168.10.200,\n"
            "release 1990-2020 archive, serial 1234 5678 9012 3456.\n");
  EXPECT_EQ(metadata_of(r, "redacted_emails"), "3");
  EXPECT_EQ(metadata_of(r, "redacted_cards"), "2");
  EXPECT_EQ(metadata_of(r, "redacted_phones"), "6");
  EXPECT_EQ(metadata_of(r, "redactions"), "11");
}

TEST_F(RedactPii, CardsNeedAValidLuhnChecksum) {
  EXPECT_EQ(clean("card 4111111111111111."), "card [CARD].");
  EXPECT_EQ(clean("card 4111111111111112."), "card 4111111111111112.");
  EXPECT_EQ(clean("amex 378282246310005"), "amex [CARD]");
  // Mixed separators are not one number; glued to letters it is an id.
  EXPECT_EQ(clean("4111 1111-1111 1111"), "4111 1111-1111 1111");
  EXPECT_EQ(clean("ref4111111111111111 4111111111111111x"), "ref4111111111111111 4111111111111111x");
}

TEST_F(RedactPii, LuhnValidNumbersThatCannotBeCardsStay) {
  // Seen in the Python docs: 15-digit primes that pass Luhn (one number in ten does), and runs
  // of small numbers. Card numbers start with 2-6.
  EXPECT_EQ(clean("PRIMES = [112272535095293, 115280095190773]"), "PRIMES = [112272535095293, 115280095190773]");
  EXPECT_EQ(clean("--> 100 101 103 106 110 115"), "--> 100 101 103 106 110 115");
  EXPECT_EQ(clean("https://web.archive.org/web/20180410025338/http://x"), "https://web.archive.org/web/20180410025338/http://x");
}

TEST_F(RedactPii, APhoneNumberDoesNotSwallowTheNextNumber) {
  EXPECT_EQ(clean("Ross McFluff: 834.345.1254 155 Elm Street"), "Ross McFluff: [PHONE] 155 Elm Street");
  EXPECT_EQ(clean("stamp 2018-01-05 09:34:43"), "stamp 2018-01-05 09:34:43");
}

TEST_F(RedactPii, ACardFollowedByAnotherNumberKeepsTheNumber) {
  EXPECT_EQ(clean("paid with 4111 1111 1111 1111 2 times"), "paid with [CARD] 2 times");
}

TEST_F(RedactPii, EmailsInProse) {
  EXPECT_EQ(clean("Write to anna@example.org."), "Write to [EMAIL].");
  EXPECT_EQ(clean("<bob.smith@mail.example.com>, carol_99@sub.example.io;"), "<[EMAIL]>, [EMAIL];");
  EXPECT_EQ(clean("Tweet @handle or see a@b, x@localhost, a@b.c1 and me@host."), "Tweet @handle or see a@b, x@localhost, a@b.c1 and me@host.");
  EXPECT_EQ(clean("m\xc3\xbcller@b\xc3\xa4" "cker.de"), "[EMAIL]");
}

TEST_F(RedactPii, PhoneRulesAcceptCommonFormats) {
  for (const char* phone : {"+1 (555) 123-4567", "+44 20 7946 0958", "+4915112345678", "+44 (0)20 7946 0958",
                            "(555) 123-4567", "555-123-4567", "555.123.4567", "555 123 4567", "020 7946 0958",
                            "06 12 34 56 78", "555-1234", "030 901820"})
    EXPECT_EQ(clean(std::string("call ") + phone + " today"), "call [PHONE] today") << phone;
}

TEST_F(RedactPii, PhoneRulesRejectDatesIdsAndOtherNumbers) {
  for (const char* other : {"2026-03-14", "14.03.2026", "14 03 2026", "3/14/2026", "1990-2020", "5551234567",
                            "12 500 000", "192.168.10.200", "1.2.3", "v2.10.3", "12345", "+12345", "10:30",
                            "ISBN 978-3-16-148410-0", "#555-123-4567", "555-123-4567/89", "3.14159",
                            // Seen in the Python docs: listings, sequences, decimals, remarks.
                            "609 2008-06-09", "10 11 12 13 14", "10 100 1000", "113.0625", "4096 (212)",
                            "+000000120", "012 0123", "03894-4801"})
    EXPECT_EQ(clean(std::string("value ") + other + " here"), std::string("value ") + other + " here") << other;
}

TEST_F(RedactPii, EachKindCanBeTurnedOff) {
  const std::string text = "a@example.com 4111111111111111 555-123-4567";
  EXPECT_EQ(run_ok(text, {{"emails", "false"}}).result(), "a@example.com [CARD] [PHONE]");
  EXPECT_EQ(run_ok(text, {{"cards", "false"}}).result(), "[EMAIL] 4111111111111111 [PHONE]");
  const CallResult r = run_ok(text, {{"phones", "false"}});
  EXPECT_EQ(r.result(), "[EMAIL] [CARD] 555-123-4567");
  EXPECT_EQ(metadata_of(r, "redacted_phones"), "0");
  EXPECT_EQ(metadata_of(r, "redactions"), "2");
}

TEST_F(RedactPii, PageSeparatorsSurvive) {
  EXPECT_EQ(clean("a@example.com\f555-123-4567\f"), "[EMAIL]\f[PHONE]\f");
}

TEST_F(RedactPii, IsIdempotent) {
  const std::string once = clean(read_data("support_tickets.txt"));
  const CallResult twice = run_ok(once);
  EXPECT_EQ(twice.result(), once);
  EXPECT_EQ(metadata_of(twice, "redactions"), "0");
}

TEST_F(RedactPii, ReadmeExample) {
  const CallResult r = run_ok(
      "Jane (jane.doe+billing@example.co.uk) pays with 4111 1111 1111 1111, not 4111-1111-1111-1112.\n"
      "Call +44 20 7946 0958 or (555) 123-4567 before 2026-03-14.\n");
  EXPECT_EQ(r.result(),
            "Jane ([EMAIL]) pays with [CARD], not 4111-1111-1111-1112.\n"
            "Call [PHONE] or [PHONE] before 2026-03-14.\n");
  EXPECT_EQ(metadata_of(r, "redacted_emails"), "1");
  EXPECT_EQ(metadata_of(r, "redacted_cards"), "1");
  EXPECT_EQ(metadata_of(r, "redacted_phones"), "2");
  EXPECT_EQ(metadata_of(r, "redactions"), "4");
}

TEST_F(RedactPii, LongInputWithoutMatchesIsLinear) {
  // Digit soup and '@' soup: every candidate fails, and each is skipped past, not rescanned.
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "1-2-3 @@ a.b@ (1) ";
  EXPECT_EQ(clean(text), text);
}

} // namespace
