// What a load returns and the options it takes (shared by the CSV/xlsx loader and the GeoJSON contours loader).
type IngestStatus = 'chargé' | 'déjà chargé' | 'ignoré';

export interface IngestResult {
  file: string;
  source: string;
  status: IngestStatus;
  rows: number;
  vintage: string | null;
  sha256: string;
  fileId?: number;
  /** file_ids of the older vintage(s) this load replaced. */
  replaced: number[];
  note?: string;
}

export interface ProgressEvent {
  file: string;
  phase: 'empreinte' | 'lecture' | 'validation';
  /** 0..1 when known. */
  fraction?: number;
}

export interface IngestOptions {
  onProgress?: (event: ProgressEvent) => void;
  /** Where the file was downloaded from (recorded in provenance by `clee fetch`). */
  url?: string;
  /**
   * Checks a file once its format is known, before anything is written: throws IngestError to refuse it. The CLI
   * passes territory's zoning validation this way (ingest does not import the layers above it).
   */
  checkFile?: (file: string, formatId: string) => Promise<void>;
  /** Set by ingestFiles in all-or-nothing mode: the caller owns the transaction. */
  inOuterTransaction?: boolean;
}
