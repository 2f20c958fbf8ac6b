import { ComparePage } from './DuplicatesPage.tsx';

export default ComparePage;
