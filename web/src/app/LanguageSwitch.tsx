import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDisplayLanguage } from '../lib/language.ts';
import { changeLanguage, type Language, languages } from '../i18n/index.ts';

export function LanguageSwitch() {
  const { t } = useTranslation();
  const value: Language = useDisplayLanguage();
  return (
    <Segmented<Language>
      size="small"
      aria-label={t('layout.language')}
      data-testid="language-switch"
      value={value}
      onChange={(lang) => void changeLanguage(lang)}
      options={languages.map((lang) => ({
        value: lang,
        label: (
          <span lang={lang} title={t(`language.${lang}`)}>
            {lang.toUpperCase()}
          </span>
        ),
      }))}
    />
  );
}
