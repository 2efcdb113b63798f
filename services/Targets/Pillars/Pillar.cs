namespace DxTrack.Targets.Pillars;

/// <summary>One of the three pillars of digital transformation; reference data seeded by migration.</summary>
public sealed class Pillar
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string EnglishName { get; init; }

    public static readonly IReadOnlyList<Pillar> All =
    [
        new() { Code = "CQS", Name = "Chính quyền số", EnglishName = "Digital government" },
        new() { Code = "KTS", Name = "Kinh tế số", EnglishName = "Digital economy" },
        new() { Code = "XHS", Name = "Xã hội số", EnglishName = "Digital society" },
    ];
}
