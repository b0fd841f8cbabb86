namespace Kpipe.Pipeline.Reports;

/// <summary>A place records were geolocated at (the records table's <c>loc</c>) and how many records it holds.</summary>
public sealed record MapPoint(double Latitude, double Longitude, long Records);
