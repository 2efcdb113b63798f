using DxTrack.Bench.Scenarios;

namespace DxTrack.Bench.Tests;

public sealed class MailTests
{
    [Fact]
    public void The_recipient_is_read_from_a_folded_encoded_to_header()
    {
        string[] message =
        [
            "From: DxTrack <no-reply@dxtrack.local>",
            "Subject: =?utf-8?b?Tmjhuq9j?=",
            "To: =?utf-8?b?Q8OhbiBi4buZ?= 136",
            "\t<dau-moi@ba00136.bench.vn>",
            "MIME-Version: 1.0",
            "",
            "To: not-a-header@example.vn",
        ];

        Assert.Equal("dau-moi@ba00136.bench.vn", MessagingScenarios.Recipient(message));
    }

    [Fact]
    public void A_bare_address_and_a_message_without_one_are_read_too()
    {
        Assert.Equal("a@b.vn", MessagingScenarios.Recipient(["To: a@b.vn", "", "body"]));
        Assert.Null(MessagingScenarios.Recipient(["From: x@y.vn", "", "To: a@b.vn"]));
    }
}
