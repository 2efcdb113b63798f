using DxTrack.Targets.Agencies;

namespace DxTrack.Targets.Tests.Domain;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("0912345678")]
    [InlineData("84912345678")]
    [InlineData("+84912345678")]
    [InlineData("+84 91 234 5678")]
    [InlineData("091.234.5678")]
    [InlineData("(+84) 912-345-678")]
    public void Every_way_of_writing_a_mobile_number_normalises_to_plus84_and_nine_digits(string input)
    {
        Assert.True(PhoneNumber.TryNormalise(input, out var normalised));
        Assert.Equal("+84912345678", normalised);
    }

    [Theory]
    [InlineData("0321234567", "+84321234567")]
    [InlineData("0561234567", "+84561234567")]
    [InlineData("0761234567", "+84761234567")]
    [InlineData("0861234567", "+84861234567")]
    public void Each_mobile_prefix_is_accepted(string input, string expected)
    {
        Assert.True(PhoneNumber.TryNormalise(input, out var normalised));
        Assert.Equal(expected, normalised);
    }

    [Theory]
    [InlineData("0212345678")]   // landline area code range
    [InlineData("0412345678")]
    [InlineData("091234567")]    // too short
    [InlineData("09123456789")]  // too long
    [InlineData("+8491234567")]
    [InlineData("+1 912 345 678")]
    [InlineData("09123abc78")]
    [InlineData("")]
    [InlineData(null)]
    public void Numbers_that_are_not_Vietnamese_mobiles_are_refused(string? input) =>
        Assert.False(PhoneNumber.TryNormalise(input, out _));
}

public sealed class AgencyCodeTests
{
    [Theory]
    [InlineData("STTTT", "STTTT")]
    [InlineData("h-babe", "H-BABE")]
    [InlineData(" VP-UBND ", "VP-UBND")]
    public void Codes_are_upper_case_letters_digits_and_dashes(string input, string expected)
    {
        Assert.True(AgencyCode.TryParse(input, out var code));
        Assert.Equal(expected, code.Value);
    }

    [Theory]
    [InlineData("S")]
    [InlineData("SỞ-TTTT")]
    [InlineData("S TTTT")]
    [InlineData("S_TTTT")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZ01234")]
    [InlineData("")]
    public void Other_codes_are_refused(string input) => Assert.False(AgencyCode.TryParse(input, out _));
}
