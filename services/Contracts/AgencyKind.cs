namespace DxTrack.Contracts;

/// <summary>Where an agency stands in the province's administration.</summary>
public enum AgencyKind
{
    /// <summary>The Steering Committee itself.</summary>
    Committee,
    /// <summary>A provincial department (sở).</summary>
    Department,
    /// <summary>A provincial sector body (ban, ngành).</summary>
    Sector,
    /// <summary>A district or town (huyện, thành phố).</summary>
    District,
    /// <summary>A commune, ward or township (xã, phường, thị trấn).</summary>
    Commune,
}
