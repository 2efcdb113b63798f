namespace DxTrack.EndToEnd.Tests;

/// <summary>One running system for every end-to-end test class: starting the AppHost takes minutes.</summary>
[CollectionDefinition(Name)]
public sealed class DxTrackSystem : ICollectionFixture<DxTrackApp>
{
    public const string Name = "DxTrack system";
}
