import type { TranscriptData } from './types.ts';

/** Every Vietnamese letter with every tone, lower and upper case (used to prove the font covers them). */
export const VIETNAMESE_LETTERS =
  'aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ' +
  'AÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬBCDĐEÈÉẺẼẸÊỀẾỂỄỆGHIÌÍỈĨỊKLMNOÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢPQRSTUÙÚỦŨỤƯỪỨỬỮỰVXYỲÝỶỸỴ';

/**
 * A complete THCS transcript (TT 22/2021, grade 7) for tests, benchmarks and demo previews.
 * `n` varies the student so a class of 45 differs row by row.
 */
export function sampleTranscript(n = 1, overrides: Partial<TranscriptData> = {}): TranscriptData {
  const families = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương'];
  const given = [
    'Thị Ánh Tuyết',
    'Văn Đức',
    'Ngọc Hương',
    'Quốc Bảo',
    'Thị Mỹ Duyên',
    'Hữu Nghĩa',
    'Khánh Linh',
    'Đức Thắng',
    'Thùy Dương',
  ];
  const fullName = `${families[n % families.length]} ${given[n % given.length]}`;
  const score = (base: number) => {
    const v = Math.min(100, Math.max(35, base + ((n * 7) % 17) - 8));
    return `${Math.floor(v / 10)}.${v % 10}`;
  };
  return {
    documentId: `HB-2026-${String(n).padStart(5, '0')}`,
    version: 1,
    levelTitle: 'Trung học cơ sở',
    authority: 'Sở Giáo dục và Đào tạo Phú Thọ',
    school: { name: 'Trường THCS Lê Quý Đôn', address: 'Phường Tiên Cát, tỉnh Phú Thọ', code: '25701' },
    student: {
      fullName,
      gender: n % 2 === 0 ? 'male' : 'female',
      dateOfBirth: `2013-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 27) + 1).padStart(2, '0')}`,
      placeOfBirth: 'Bệnh viện Đa khoa tỉnh Phú Thọ',
      ethnicity: n % 5 === 0 ? 'Mường' : 'Kinh',
      nationality: 'Việt Nam',
      personalId: `0252130${String(10000 + n).padStart(5, '0')}`,
      studentCode: `2570100${String(n).padStart(4, '0')}`,
      address: 'Số 12 đường Nguyễn Tất Thành, phường Việt Trì, tỉnh Phú Thọ',
      guardians: [
        { relation: 'cha', name: `${families[n % families.length]} Văn Hùng` },
        { relation: 'mẹ', name: 'Đỗ Thị Thanh Hằng' },
      ],
    },
    schoolYear: '2025-2026',
    className: '7A1',
    subjects: [
      {
        name: 'Ngữ văn',
        term1: score(78),
        term2: score(81),
        year: score(80),
        comment: 'Đọc hiểu tốt, viết đoạn văn mạch lạc; cần luyện thêm chính tả.',
      },
      { name: 'Toán', term1: score(85), term2: score(88), year: score(87), comment: 'Tư duy logic tốt, trình bày bài giải rõ ràng.' },
      { name: 'Ngoại ngữ 1 (Tiếng Anh)', term1: score(72), term2: score(75), year: score(74) },
      { name: 'Giáo dục công dân', term1: score(90), term2: score(90), year: score(90) },
      { name: 'Lịch sử và Địa lí', term1: score(70), term2: score(74), year: score(73) },
      { name: 'Khoa học tự nhiên', term1: score(80), term2: score(79), year: score(79) },
      { name: 'Công nghệ', term1: score(84), term2: score(86), year: score(85) },
      { name: 'Tin học', term1: score(88), term2: score(91), year: score(90) },
      { name: 'Giáo dục thể chất', term1: 'Đạt', term2: 'Đạt', year: 'Đạt' },
      { name: 'Nghệ thuật (Âm nhạc)', term1: 'Đạt', term2: 'Đạt', year: 'Đạt' },
      { name: 'Nghệ thuật (Mĩ thuật)', term1: 'Đạt', term2: 'Đạt', year: 'Đạt' },
      { name: 'Hoạt động trải nghiệm, hướng nghiệp', term1: 'Đạt', term2: 'Đạt', year: 'Đạt' },
      { name: 'Nội dung giáo dục của địa phương', term1: 'Đạt', term2: 'Đạt', year: 'Đạt' },
    ],
    conduct: { term1: 'Tốt', term2: 'Tốt', year: 'Tốt' },
    learning: { term1: 'Khá', term2: 'Tốt', year: 'Tốt' },
    absences: { excused: n % 4, unexcused: 0 },
    promotion: 'Được lên lớp',
    titles: n % 3 === 0 ? ['Học sinh Xuất sắc'] : ['Học sinh Giỏi'],
    homeroomComment:
      'Em chăm ngoan, lễ phép, tích cực tham gia các hoạt động tập thể; học lực tiến bộ rõ rệt ở học kỳ II. Cần phát huy tinh thần tự học.',
    principalComment: 'Đồng ý với nhận xét của giáo viên chủ nhiệm. Được lên lớp 8.',
    place: 'Phú Thọ',
    issuedOn: '2026-05-25',
    signatories: [
      { role: 'homeroomTeacher', name: 'Nguyễn Thị Hương' },
      { role: 'principal', name: 'Trần Văn Đức' },
      { role: 'seal', name: 'Trường THCS Lê Quý Đôn' },
    ],
    verificationUrl: `https://giaoducso.example.vn/xac-thuc/hoc-ba/HB-2026-${String(n).padStart(5, '0')}`,
    testCertificate: true,
    ...overrides,
  };
}
