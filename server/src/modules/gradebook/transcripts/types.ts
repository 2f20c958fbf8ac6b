/**
 * The plain data a transcript (học bạ) is drawn from: one student, one school year. Everything is
 * already computed and formatted by the gradebook rules; the renderer only lays it out.
 * Scores are decimal strings ("7.5" or "7,5"), shown with a decimal comma; levels are the words
 * of the circular ("Tốt", "Đạt", "Hoàn thành tốt"…). Dates are ISO yyyy-mm-dd, shown dd/mm/yyyy.
 */
export interface TranscriptSubjectRow {
  /** "Toán", "Ngữ văn", "Giáo dục thể chất", "Hoạt động trải nghiệm, hướng nghiệp"… */
  name: string;
  term1?: string | null;
  term2?: string | null;
  year?: string | null;
  /** Score or level after re-assessment (kiểm tra lại / đánh giá lại), when any. */
  reassessed?: string | null;
  /** The subject teacher's comment on progress, strengths, weaknesses. */
  comment?: string | null;
  teacherName?: string | null;
}

export interface TranscriptTermValues {
  term1?: string | null;
  term2?: string | null;
  year?: string | null;
  reassessed?: string | null;
}

export interface TranscriptSignatory {
  role: 'homeroomTeacher' | 'principal' | 'seal';
  /** Full name (person) or unit name (seal). */
  name: string;
}

export interface TranscriptData {
  /** Transcript identifier and version, printed on every page and carried by the QR code. */
  documentId: string;
  version?: number;
  /** "TRUNG HỌC CƠ SỞ", "TRUNG HỌC PHỔ THÔNG", "TIỂU HỌC". */
  levelTitle: string;
  /** Governing body line, e.g. "SỞ GIÁO DỤC VÀ ĐÀO TẠO PHÚ THỌ". */
  authority?: string;
  school: { name: string; address?: string | null; code?: string | null };
  student: {
    fullName: string;
    gender: 'male' | 'female';
    dateOfBirth: string;
    placeOfBirth?: string | null;
    ethnicity?: string | null;
    nationality?: string | null;
    /** Mã định danh cá nhân (CCCD number), the key of the national database. */
    personalId?: string | null;
    studentCode?: string | null;
    address?: string | null;
    guardians?: { relation: string; name: string }[];
  };
  /** "2025-2026". */
  schoolYear: string;
  className: string;
  subjects: TranscriptSubjectRow[];
  /**
   * Extra tables after the subjects, e.g. for primary (TT 27) "Những phẩm chất chủ yếu" and
   * "Những năng lực cốt lõi" with Tốt / Đạt / Cần cố gắng per term.
   */
  assessments?: { title: string; rows: { name: string; term1?: string | null; term2?: string | null; year?: string | null }[] }[];
  /** Rèn luyện (conduct) per term, year and after summer training. */
  conduct: TranscriptTermValues;
  /** Học tập (learning result) per term, year and after re-assessment. */
  learning: TranscriptTermValues;
  absences?: { excused: number; unexcused: number } | null;
  /** "Được lên lớp", "Rèn luyện trong kỳ nghỉ hè", "Kiểm tra lại", "Ở lại lớp"… */
  promotion: string;
  /** "Học sinh Xuất sắc", "Học sinh Giỏi"… */
  titles?: string[];
  homeroomComment?: string | null;
  principalComment?: string | null;
  /** Place and date of the approval line: "Phú Thọ, ngày 25 tháng 5 năm 2026". */
  place: string;
  issuedOn: string;
  signatories: TranscriptSignatory[];
  /** The public verification page, encoded in the QR code. */
  verificationUrl: string;
  /** Set when the signatures will come from the test CA: every page carries a "test certificate" watermark. */
  testCertificate?: boolean;
}
